'use client';
// The staff report queue's rows: what was reported (linked), why and by whom, and the
// actions right there: assign (to oneself or another staff member), change the status,
// and resolve or dismiss with a note the reporter is shown; a closed report can be
// reopened (the reporter is told again only when it is closed again).
import { buttonClass, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export interface QueueReport {
  id: string;
  targetType: string;
  targetLabel: string;
  href: string | null;
  reason: string;
  status: 'open' | 'in_progress' | 'resolved' | 'dismissed';
  resolutionNote: string | null;
  resolvedBy: string | null;
  createdAt: string;
  reporter: { username: string } | null;
  assignee: { id: string; username: string } | null;
}

const STATUS_LABELS: Record<QueueReport['status'], string> = { open: 'Open', in_progress: 'In progress', resolved: 'Resolved', dismissed: 'Dismissed' };

export function ReportQueue(props: { reports: QueueReport[]; staff: { id: string; username: string }[]; meId: string }) {
  if (props.reports.length === 0) return <p className="text-sm text-slate-700" data-testid="reports-empty">No reports match these filters.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="report-queue">
      {props.reports.map((report) => (
        <ReportRow key={`${report.id}:${report.status}`} report={report} staff={props.staff} meId={props.meId} />
      ))}
    </ul>
  );
}

function ReportRow(props: { report: QueueReport; staff: { id: string; username: string }[]; meId: string }) {
  const { report } = props;
  const router = useRouter();
  const action = useAction();
  const [status, setStatus] = useState<QueueReport['status']>(report.status);
  const closed = report.status === 'resolved' || report.status === 'dismissed';
  const closing = status === 'resolved' || status === 'dismissed';
  const prefix = `report-${report.id}`;

  async function assign(assigneeId: string | null) {
    if (await action.run(() => api.reports.assign.mutate({ reportId: report.id, assigneeId }))) router.refresh();
  }

  async function reopen() {
    if (await action.run(() => api.reports.reopen.mutate({ reportId: report.id }))) router.refresh();
  }

  async function saveStatus(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '');
    if (await action.run(() => api.reports.setStatus.mutate({ reportId: report.id, status, note: closing ? note : undefined }))) router.refresh();
  }

  return (
    <li className="py-4 text-sm" data-testid={prefix}>
      <p className="font-medium text-slate-900">
        <span className="mr-2 rounded bg-slate-100 px-2 py-0.5 text-xs uppercase tracking-wide text-slate-700">{report.targetType}</span>
        {report.href ? <Link className="text-indigo-700 underline" href={report.href}>{report.targetLabel}</Link> : report.targetLabel}
      </p>
      <p className="mt-1 whitespace-pre-wrap text-slate-800">“{report.reason}”</p>
      <p className="mt-1 text-xs text-slate-600">
        by {report.reporter?.username ?? 'a former member'} · {report.createdAt.slice(0, 16).replace('T', ' ')} UTC · <span data-testid={`${prefix}-status`}>{STATUS_LABELS[report.status]}</span>
        {report.assignee ? <> · assigned to <strong data-testid={`${prefix}-assignee`}>{report.assignee.username}</strong></> : ' · unassigned'}
      </p>
      {closed ? (
        <div className="mt-2 space-y-2">
          <p className="rounded border border-slate-200 bg-slate-50 p-2 text-slate-800">
            {STATUS_LABELS[report.status]} by {report.resolvedBy ?? '—'}: {report.resolutionNote}
          </p>
          {action.error ? <Notice tone="error">{action.error}</Notice> : null}
          <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void reopen()}>
            Reopen
          </button>
        </div>
      ) : (
        <div className="mt-3 space-y-3">
          {action.error ? <Notice tone="error">{action.error}</Notice> : null}
          <div className="flex flex-wrap items-end gap-2">
            {report.assignee?.id !== props.meId ? (
              <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void assign(props.meId)}>Assign to me</button>
            ) : null}
            <form
              key={report.assignee?.id ?? 'nobody'}
              className="flex items-end gap-2"
              aria-label="Assign to a staff member"
              onSubmit={(event) => {
                event.preventDefault();
                const value = String(new FormData(event.currentTarget).get('assignee') ?? '');
                void assign(value === '' ? null : value);
              }}
            >
              <div>
                <label htmlFor={`${prefix}-assignee-select`} className="block text-xs font-medium text-slate-700">Assignee</label>
                <select id={`${prefix}-assignee-select`} name="assignee" defaultValue={report.assignee?.id ?? ''} className={`${inputClass} py-1`}>
                  <option value="">Nobody</option>
                  {props.staff.map((member) => <option key={member.id} value={member.id}>{member.username}</option>)}
                </select>
              </div>
              <button type="submit" className={secondaryButtonClass} disabled={action.pending}>Assign</button>
            </form>
          </div>
          <form className="max-w-xl" aria-label="Change status" onSubmit={(event) => void saveStatus(event)}>
            <label htmlFor={`${prefix}-status-select`} className="block text-xs font-medium text-slate-700">Status</label>
            <select id={`${prefix}-status-select`} value={status} onChange={(event) => setStatus(event.target.value as QueueReport['status'])} className={`${inputClass} py-1`}>
              {Object.entries(STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>
            {closing ? (
              <>
                <label htmlFor={`${prefix}-note`} className="mt-2 block text-xs font-medium text-slate-700">Resolution note (required; the reporter sees it)</label>
                <textarea id={`${prefix}-note`} name="note" required minLength={3} maxLength={2000} rows={2} className={inputClass} />
              </>
            ) : null}
            <button type="submit" className={`${buttonClass} mt-2`} disabled={action.pending || status === report.status}>Save status</button>
          </form>
        </div>
      )}
    </li>
  );
}
