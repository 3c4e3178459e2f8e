'use client';
// A tenant's owners in the console: who runs it, and (for its owner or a platform
// admin) an invitation by e-mail for a co-owner, removing one, or handing ownership to
// one; accepting an invitation is on /console/accept-invite.
import { buttonClass, Card, Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export interface OwnerRow {
  username: string;
  email: string;
  role: 'owner' | 'co_owner';
  createdAt: string;
}

export function TenantOwnersCard(props: { slug: string; owners: OwnerRow[]; canInvite: boolean }) {
  const action = useAction();
  const change = useAction();
  async function changeOwner(kind: 'remove' | 'handover', username: string) {
    const question =
      kind === 'remove'
        ? `Remove ${username} as co-owner? They lose access to this community in the console at once.`
        : `Make ${username} the owner? You stay on as a co-owner and can no longer remove co-owners or hand the community on.`;
    if (!window.confirm(question)) return;
    const done = await change.run(async () => {
      if (kind === 'remove') await api.operator.removeCoOwner.mutate({ slug: props.slug, username });
      else await api.operator.transferOwnership.mutate({ slug: props.slug, username });
      return true;
    });
    if (done) window.location.reload();
  }
  const [invited, setInvited] = useState<string | null>(null);
  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const email = String(new FormData(formElement).get('co-owner-email'));
    setInvited(null);
    if (await action.run(async () => (await api.operator.inviteCoOwner.mutate({ slug: props.slug, email }), true))) {
      setInvited(email);
      formElement.reset();
    }
  }
  return (
    <Card title="Owners">
      {props.owners.length === 0 ? (
        <p className="text-sm text-slate-700">No owner: this community is run by the platform&apos;s admins.</p>
      ) : (
        <>
          {change.error ? <Notice tone="error">{change.error}</Notice> : null}
          <ul className="mb-4 space-y-1 text-sm" data-testid="tenant-owners">
            {props.owners.map((owner) => (
              <li key={owner.username} className="flex flex-wrap items-center gap-2">
                <span>
                  {owner.username} ({owner.email}) — {owner.role === 'owner' ? 'owner' : 'co-owner'} since {owner.createdAt.slice(0, 10)}
                </span>
                {props.canInvite && owner.role === 'co_owner' ? (
                  <>
                    <button type="button" className={secondaryButtonClass} disabled={change.pending} onClick={() => void changeOwner('handover', owner.username)}>
                      Make {owner.username} the owner
                    </button>
                    <button type="button" className={secondaryButtonClass} disabled={change.pending} onClick={() => void changeOwner('remove', owner.username)}>
                      Remove {owner.username}
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {props.canInvite ? (
        <form onSubmit={(event) => void invite(event)} aria-label="Invite a co-owner" className="max-w-md">
          {action.error ? <Notice tone="error">{action.error}</Notice> : null}
          {invited ? <Notice tone="success">Invitation sent to {invited}. The link works for 7 days, for a console account with that address.</Notice> : null}
          <Field label="Invite a co-owner by e-mail" htmlFor="co-owner-email" hint="A co-owner sees and runs this community like you, but cannot invite others.">
            <input id="co-owner-email" name="co-owner-email" type="email" required maxLength={254} className={inputClass} />
          </Field>
          <button type="submit" className={buttonClass} disabled={action.pending}>
            Send invitation
          </button>
        </form>
      ) : null}
    </Card>
  );
}

export function AcceptInviteButton(props: { token: string }) {
  const action = useAction();
  return (
    <div>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <button
        type="button"
        className={buttonClass}
        autoFocus
        disabled={action.pending}
        onClick={() =>
          void action.run(() => api.operator.acceptCoOwnerInvite.mutate({ token: props.token })).then((result) => result && window.location.assign(`/console/tenants/${result.slug}`))
        }
      >
        Accept and become co-owner
      </button>
    </div>
  );
}
