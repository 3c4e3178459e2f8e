'use client';
// Staff controls per member row: disable/enable and change group.
import { Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function MemberActions(props: { memberId: string; disabled: boolean; groupId: string | null; groups: { id: string; name: string }[] }) {
  const action = useAction();
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-center gap-2">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <label className="sr-only" htmlFor={`group-${props.memberId}`}>Group</label>
      <select
        id={`group-${props.memberId}`}
        defaultValue={props.groupId ?? ''}
        className="rounded border border-slate-300 px-2 py-1 text-sm"
        onChange={(event) => void action.run(() => api.staff.changeMemberGroup.mutate({ memberId: props.memberId, groupId: event.target.value })).then(() => router.refresh())}
      >
        <option value="" disabled>No group</option>
        {props.groups.map((group) => <option key={group.id} value={group.id}>{group.name}</option>)}
      </select>
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={() => {
          const reason = props.disabled ? undefined : (window.prompt('Reason for disabling this member?') ?? '');
          void action.run(() => api.staff.setMemberDisabled.mutate({ memberId: props.memberId, disabled: !props.disabled, reason })).then(() => router.refresh());
        }}
      >
        {props.disabled ? 'Enable' : 'Disable…'}
      </button>
    </div>
  );
}
