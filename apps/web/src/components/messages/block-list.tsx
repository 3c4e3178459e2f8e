'use client';
// Settings card: the members this member blocked (they cannot start a conversation with
// them or add them to one), with Unblock, and a field to block someone by username.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function BlockListCard() {
  const action = useAction();
  const [blocks, setBlocks] = useState<{ username: string; since: string }[] | null>(null);
  const reload = () => api.messages.blocks.query().then(setBlocks);
  useEffect(() => {
    void action.run(reload);
  }, []);
  async function block(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const username = String(new FormData(element).get('username') ?? '');
    if ((await action.run(() => api.messages.block.mutate({ username }).then(reload))) !== undefined) element.reset();
  }
  return (
    <Card title="Blocked members" id="blocked-members">
      <p className="mb-3 text-sm text-slate-600">A blocked member cannot start a private conversation with you or add you to one. Staff cannot be blocked.</p>
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      {blocks === null ? <p className="text-sm text-slate-600">Loading…</p> : null}
      {blocks?.length === 0 ? <p className="text-sm text-slate-600">You have not blocked anyone.</p> : null}
      {blocks && blocks.length > 0 ? (
        <ul className="mb-4 divide-y divide-slate-100" aria-label="Blocked members">
          {blocks.map((row) => (
            <li key={row.username} className="flex items-center justify-between py-2 text-sm">
              <span>
                {row.username} <span className="text-slate-600">since {row.since.slice(0, 10)}</span>
              </span>
              <button type="button" className={secondaryButtonClass} onClick={() => void action.run(() => api.messages.unblock.mutate({ username: row.username }).then(reload))}>
                Unblock <span className="sr-only">{row.username}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={(event) => void block(event)} aria-label="Block a member" className="flex items-end gap-2">
        <div className="flex-1">
          <Field label="Block a member" htmlFor="block-username">
            <input id="block-username" name="username" required autoComplete="off" className={inputClass} />
          </Field>
        </div>
        <div className="mb-4">
          <button type="submit" className={buttonClass} disabled={action.pending}>Block</button>
        </div>
      </form>
    </Card>
  );
}

/** On a member's profile: Send message, and Block / Unblock. */
export function ProfileMessageActions(props: { username: string; blocked: boolean; canBlock: boolean }) {
  const action = useAction();
  const [blocked, setBlocked] = useState(props.blocked);
  const toggle = () =>
    action.run(async () => {
      if (blocked) await api.messages.unblock.mutate({ username: props.username });
      else await api.messages.block.mutate({ username: props.username });
      setBlocked(!blocked);
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <a href={`/messages/new?to=${encodeURIComponent(props.username)}`} className={buttonClass}>
        Send message
      </a>
      {props.canBlock ? (
        <button type="button" className={secondaryButtonClass} onClick={() => void toggle()} disabled={action.pending} aria-pressed={blocked}>
          {blocked ? 'Unblock' : 'Block'}
        </button>
      ) : null}
      <span aria-live="polite" className="text-sm">
        {action.error ? <span className="text-red-800">{action.error}</span> : blocked ? <span className="text-slate-600">Blocked: they cannot message you.</span> : null}
      </span>
    </div>
  );
}
