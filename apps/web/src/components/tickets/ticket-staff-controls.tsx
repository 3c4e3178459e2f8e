'use client';
// Staff on a ticket: assignee, priority and status in one form (each change audited).
import { buttonClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';
import { PRIORITY_LABELS, STATUS_LABELS, type TicketPriorityName, type TicketStatusName } from './ticket-labels';

const selectClass = 'mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

export function TicketStaffControls(props: {
  ticketId: string;
  meId: string;
  assigneeId: string | null;
  priority: TicketPriorityName;
  status: TicketStatusName;
  staff: { id: string; username: string }[];
}) {
  const action = useAction();
  const router = useRouter();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const assignee = String(data.get('assignee') ?? '');
    const changes = {
      ticketId: props.ticketId,
      assigneeId: assignee === '' ? null : assignee,
      priority: String(data.get('priority')) as TicketPriorityName,
      status: String(data.get('status')) as TicketStatusName,
    };
    if (await action.run(() => api.tickets.update.mutate(changes))) router.refresh();
  }

  async function takeIt() {
    if (await action.run(() => api.tickets.update.mutate({ ticketId: props.ticketId, assigneeId: props.meId }))) router.refresh();
  }

  return (
    <form onSubmit={(event) => void save(event)} aria-label="Staff: assign, priority, status" className="flex flex-wrap items-end gap-3 text-sm">
      {action.error ? <div className="w-full"><Notice tone="error">{action.error}</Notice></div> : null}
      <div>
        <label htmlFor="ticket-assignee" className="block text-xs font-medium text-slate-700">Assignee</label>
        <select id="ticket-assignee" name="assignee" defaultValue={props.assigneeId ?? ''} className={selectClass}>
          <option value="">Nobody</option>
          {props.staff.map((member) => <option key={member.id} value={member.id}>{member.username}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="ticket-priority-select" className="block text-xs font-medium text-slate-700">Priority</label>
        <select id="ticket-priority-select" name="priority" defaultValue={props.priority} className={selectClass}>
          {Object.entries(PRIORITY_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="ticket-status-select" className="block text-xs font-medium text-slate-700">Status</label>
        <select id="ticket-status-select" name="status" defaultValue={props.status} className={selectClass}>
          {Object.entries(STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      <button type="submit" className={buttonClass} disabled={action.pending}>Save</button>
      {props.assigneeId !== props.meId ? <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void takeIt()}>Assign to me</button> : null}
    </form>
  );
}
