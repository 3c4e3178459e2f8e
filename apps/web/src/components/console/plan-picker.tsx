'use client';
// Platform admins move a community to another active plan.
import { buttonClass, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function PlanPicker(props: { slug: string; currentPlanId: string; plans: { id: string; name: string }[] }) {
  const router = useRouter();
  const action = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const planId = String(new FormData(event.currentTarget).get('planId'));
    if (await action.run(async () => { await api.plans.setTenantPlan.mutate({ slug: props.slug, planId }); return true; })) router.refresh();
  }
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Change the plan" className="flex flex-wrap items-end gap-3">
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      <div className="min-w-64">
        <Field label="Plan" htmlFor="planId">
          <select id="planId" name="planId" defaultValue={props.currentPlanId} className={inputClass}>
            {props.plans.map((plan) => <option key={plan.id} value={plan.id}>{plan.name}</option>)}
          </select>
        </Field>
      </div>
      <div className="mb-4"><button type="submit" className={buttonClass} disabled={action.pending}>Move to this plan</button></div>
    </form>
  );
}
