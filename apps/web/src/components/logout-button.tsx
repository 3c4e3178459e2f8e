'use client';
// Signs out of this site (member or operator) and reloads the home page.
import { buttonClass } from '@swarmhost/ui';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function LogoutButton(props: { scope: 'member' | 'operator' }) {
  const action = useAction();
  return (
    <button
      type="button"
      className={buttonClass}
      disabled={action.pending}
      onClick={() =>
        void action.run(async () => {
          await (props.scope === 'operator' ? api.operator.logout.mutate() : api.auth.logout.mutate());
          window.location.assign('/');
        })
      }
    >
      Log out
    </button>
  );
}
