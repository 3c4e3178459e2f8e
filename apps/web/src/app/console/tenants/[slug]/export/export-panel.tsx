'use client';
// The export list with live progress: polls the API every two seconds while an export
// waits or runs, and fetches a fresh download link when "Download" is pressed.
import { buttonClass, formatBytes, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useEffect, useState } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

type ExportSummary = Awaited<ReturnType<typeof api.tenantLifecycle.exports.query>>['exports'][number];

const STATUS_TEXT: Record<ExportSummary['status'], string> = {
  pending: 'Waiting for the worker',
  running: 'Being built',
  ready: 'Ready',
  failed: 'Failed',
  expired: 'Expired (deleted after 24 hours)',
};

function ProgressBar(props: { done: number; total: number; label: string }) {
  const percent = props.total > 0 ? Math.min(100, Math.floor((props.done / props.total) * 100)) : 0;
  return (
    <div>
      <div role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full overflow-hidden rounded bg-slate-200">
        <div className="h-2 bg-indigo-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">
        {props.total > 0 ? `${percent} % (${props.done.toLocaleString('en')} of ${props.total.toLocaleString('en')} rows and files)` : 'Not started: the rows are counted when the worker takes it.'}
      </p>
    </div>
  );
}

export function ExportPanel(props: { slug: string; initial: ExportSummary[]; canAct: boolean }) {
  const [exports, setExports] = useState(props.initial);
  const action = useAction();
  const busy = exports.some((row) => row.status === 'pending' || row.status === 'running');

  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      api.tenantLifecycle.exports.query({ slug: props.slug }).then((listing) => setExports(listing.exports), () => undefined);
    }, 2000);
    return () => clearInterval(timer);
  }, [busy, props.slug]);

  async function start() {
    const created = await action.run(() => api.tenantLifecycle.requestExport.mutate({ slug: props.slug }));
    if (created) setExports((rows) => [created, ...rows]);
  }

  async function download(exportId: string) {
    const link = await action.run(() => api.tenantLifecycle.exportLink.mutate({ slug: props.slug, exportId }));
    if (link) window.location.assign(link.path);
  }

  return (
    <div className="space-y-4">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {props.canAct ? (
        <button type="button" className={buttonClass} disabled={action.pending || busy} onClick={() => void start()}>
          {busy ? 'An export is being built…' : 'Export all data'}
        </button>
      ) : (
        <Notice>Only the community&apos;s owner can export its data.</Notice>
      )}
      {exports.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="exports-empty">No exports yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="exports">
          {exports.map((row) => (
            <li key={row.id} className="space-y-2 py-3 text-sm" data-status={row.status}>
              <div className="flex flex-wrap items-center justify-between gap-3">
                <span>
                  <strong>{STATUS_TEXT[row.status]}</strong>
                  <span className="text-slate-600"> · asked for {new Date(row.createdAt).toUTCString()}</span>
                  {row.status === 'ready' && row.expiresAt ? <span className="text-slate-600"> · {formatBytes(row.byteSize)}, link works until {new Date(row.expiresAt).toUTCString()}</span> : null}
                </span>
                {row.status === 'ready' && props.canAct ? (
                  <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void download(row.id)}>
                    Download
                  </button>
                ) : null}
              </div>
              {row.status === 'running' || row.status === 'pending' ? <ProgressBar done={row.rowsDone} total={row.rowsTotal} label={`Export progress (${row.stage})`} /> : null}
              {row.status === 'failed' && row.error ? <Notice tone="error">The export failed: {row.error}. Ask for a new one.</Notice> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
