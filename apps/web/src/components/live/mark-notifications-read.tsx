'use client';
// "Mark all read" on the notifications page; the header badges of open tabs follow live.
import { secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function MarkNotificationsRead() {
  const action = useAction();
  const router = useRouter();
  return (
    <button
      type="button"
      className={`${secondaryButtonClass} mb-2`}
      disabled={action.pending}
      onClick={() =>
        void action.run(async () => {
          await api.account.markNotificationsRead.mutate({});
          router.refresh();
        })
      }
    >
      Mark all read
    </button>
  );
}
