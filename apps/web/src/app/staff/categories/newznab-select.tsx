'use client';
// One category's Newznab category: pick from the standard list and save; "guessed" until
// staff have saved a choice. Keyboard: Tab to the list, arrows to choose, Enter on Save.
import { buttonClass, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function NewznabSelect(props: { categoryId: string; categoryName: string; value: number; guessed: boolean; choices: readonly { id: number; name: string }[] }) {
  const action = useAction();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const selectId = `newznab-${props.categoryId}`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const newznabId = Number(new FormData(event.currentTarget).get('newznabId'));
    const ok = await action.run(async () => {
      await api.staff.setCategoryNewznab.mutate({ categoryId: props.categoryId, newznabId });
      return true;
    });
    if (ok) {
      setSaved(true);
      router.refresh();
    }
  }

  return (
    <form onSubmit={(event) => void save(event)} className="flex flex-wrap items-center gap-2">
      <label htmlFor={selectId} className="sr-only">Newznab category for {props.categoryName}</label>
      <select id={selectId} name="newznabId" defaultValue={String(props.value)} className={`${inputClass} w-auto`}>
        {props.choices.map((choice) => <option key={choice.id} value={choice.id}>{choice.id} {choice.name}</option>)}
      </select>
      <button type="submit" className={buttonClass} disabled={action.pending} aria-label={`Save Newznab category for ${props.categoryName}`}>Save</button>
      {props.guessed ? <span className="text-slate-600">guessed from the name</span> : null}
      {saved ? <span className="text-green-700" role="status">Saved</span> : null}
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
    </form>
  );
}
