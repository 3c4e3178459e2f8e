'use client';
// The store's items: name on the button, price, what one purchase gives, and whether it
// is on sale. Ids and kinds are fixed here (the ledger's references name them).
import { inputClass } from '@swarmhost/ui';
import { AMOUNT_FIELDS, type StoreItemDraft } from './drafts';
import { FieldError, invalidProps } from './field-error';

const cellInput = inputClass.replace('mt-1 ', '');

export function StoreItemsEditor(props: { items: StoreItemDraft[]; onChange: (items: StoreItemDraft[]) => void; errors: Record<string, string> }) {
  const { items, errors } = props;
  const update = (id: string, change: Partial<StoreItemDraft>) => props.onChange(items.map((item) => (item.id === id ? { ...item, ...change } : item)));
  if (items.length === 0) return <p className="text-sm text-slate-700">The store has no items.</p>;
  return (
    <div className="overflow-x-auto">
      <FieldError errors={errors} path="bonus.storeItems" />
      <table className="w-full text-left text-sm" data-testid="store-items">
        <caption className="sr-only">Store items</caption>
        <thead className="text-xs uppercase text-slate-600">
          <tr>
            <th scope="col" className="px-1 py-1">Item</th>
            <th scope="col" className="px-1 py-1">Name on the button</th>
            <th scope="col" className="px-1 py-1">Price (points)</th>
            <th scope="col" className="px-1 py-1">Gives</th>
            <th scope="col" className="px-1 py-1">On sale</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => {
            const path = (field: string) => `bonus.storeItems.${index}.${field}`;
            const amount = AMOUNT_FIELDS[item.kind];
            return (
              <tr key={item.id} className="border-t border-slate-100 align-top" data-testid={`store-item-${item.id}`}>
                <td className="px-1 py-2 font-mono text-xs">{item.id}</td>
                <td className="px-1 py-1">
                  <input aria-label={`${item.id} name`} value={item.name} maxLength={80} placeholder="(its own words)" onChange={(event) => update(item.id, { name: event.target.value })} className={cellInput} {...invalidProps(errors, path('name'))} />
                  <FieldError errors={errors} path={path('name')} />
                </td>
                <td className="px-1 py-1">
                  <input aria-label={`${item.id} price`} value={item.cost} inputMode="numeric" onChange={(event) => update(item.id, { cost: event.target.value })} className={`${cellInput} w-28`} {...invalidProps(errors, path('cost'))} />
                  <FieldError errors={errors} path={path('cost')} />
                </td>
                <td className="px-1 py-1">
                  {amount ? (
                    <div className="flex items-center gap-1">
                      <input aria-label={`${item.id} ${amount.label}`} value={item.amount} inputMode="numeric" onChange={(event) => update(item.id, { amount: event.target.value })} className={`${cellInput} w-20`} {...invalidProps(errors, path(amount.field))} />
                      <span className="text-xs text-slate-600">{amount.label}</span>
                    </div>
                  ) : (
                    <span className="text-slate-600">a title the buyer types</span>
                  )}
                  {amount ? <FieldError errors={errors} path={path(amount.field)} /> : null}
                </td>
                <td className="px-1 py-2">
                  <input type="checkbox" aria-label={`${item.id} on sale`} checked={item.enabled} onChange={(event) => update(item.id, { enabled: event.target.checked })} className="h-4 w-4" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
