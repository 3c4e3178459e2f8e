// A request's state in words, coloured the same wherever it is shown.
import type { RequestState } from '@swarmhost/domain';

const STYLES: Record<RequestState, { label: string; className: string }> = {
  open: { label: 'Open', className: 'bg-sky-100 text-sky-900' },
  claimed: { label: 'Claimed', className: 'bg-violet-100 text-violet-900' },
  pending: { label: 'Filled, awaiting answer', className: 'bg-amber-100 text-amber-900' },
  filled: { label: 'Filled', className: 'bg-emerald-100 text-emerald-900' },
  deleted: { label: 'Deleted', className: 'bg-slate-200 text-slate-800' },
};

export function RequestStateBadge(props: { state: RequestState }) {
  const style = STYLES[props.state];
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${style.className}`}>{style.label}</span>;
}
