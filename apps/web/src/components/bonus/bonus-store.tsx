'use client';
// The store on /bonus: one row per item with its price and a buy button; a custom title
// asks for its text first. Errors ("not enough points: …") show above the list.
import { buttonClass, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export interface StoreItemProps {
  id: string;
  kind: string;
  name: string;
  gives: string;
  cost: number;
}

const formatPoints = (value: number) => value.toLocaleString('en-US');

export function BonusStore(props: { items: StoreItemProps[]; balance: number }) {
  const action = useAction();
  const router = useRouter();
  const [bought, setBought] = useState<string | null>(null);
  const [attempted, setAttempted] = useState<string | null>(null);

  async function buy(event: FormEvent<HTMLFormElement>, item: StoreItemProps) {
    event.preventDefault();
    setBought(null);
    setAttempted(item.name);
    const title = item.kind === 'custom_title' ? String(new FormData(event.currentTarget).get('title') ?? '') : undefined;
    const result = await action.run(() => api.bonus.buy.mutate({ itemId: item.id, title }));
    if (result) {
      setBought(`Bought ${item.gives}. Your balance is now ${result.balance} points.`);
      router.refresh();
    }
  }

  if (props.items.length === 0) return <p className="text-sm text-slate-700">The store is empty: staff have not put anything in it yet.</p>;
  return (
    <div>
      <div aria-live="polite" className="mb-3 space-y-2 empty:mb-0">
        {action.error ? <Notice tone="error">{attempted ? `${attempted}: ` : ''}{action.error}</Notice> : null}
        {bought ? <Notice tone="success">{bought}</Notice> : null}
      </div>
      <ul className="divide-y divide-slate-100" data-testid="store-items">
        {props.items.map((item) => {
          const affordable = props.balance >= item.cost;
          return (
            <li key={item.id} className="py-3">
              <form onSubmit={(event) => void buy(event, item)} className="flex flex-wrap items-center gap-3" aria-label={item.name}>
                <div className="min-w-48 flex-1">
                  <p className="font-medium text-slate-900">{item.name}</p>
                  {item.name.toLowerCase() !== item.gives.toLowerCase() ? <p className="text-xs text-slate-600">{item.gives}</p> : null}
                  {affordable ? null : (
                    <p id={`short-${item.id}`} className="text-xs text-slate-600">
                      {formatPoints(item.cost - props.balance)} more points needed
                    </p>
                  )}
                </div>
                {item.kind === 'custom_title' ? (
                  <label className="text-sm">
                    <span className="sr-only">Title text</span>
                    <input name="title" required maxLength={30} placeholder="Your title" className={`${inputClass} w-60`} />
                  </label>
                ) : null}
                <span className="w-28 text-right text-sm tabular-nums text-slate-800">{formatPoints(item.cost)} points</span>
                <button type="submit" className={buttonClass} disabled={action.pending} aria-describedby={affordable ? undefined : `short-${item.id}`}>
                  Buy
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
