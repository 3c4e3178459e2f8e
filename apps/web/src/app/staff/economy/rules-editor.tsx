'use client';
// The earning rules as an editable table: name, condition, threshold (in the condition's
// unit), points per hour per torrent; add and remove rows. Messages sit under their field.
import { inputClass, secondaryButtonClass } from '@swarmhost/ui';
import { CONDITIONS, newKey, type Condition, type RuleDraft } from './drafts';
import { FieldError, invalidProps } from './field-error';

const cellInput = inputClass.replace('mt-1 ', '');

export function RulesEditor(props: { rules: RuleDraft[]; onChange: (rules: RuleDraft[]) => void; errors: Record<string, string> }) {
  const { rules, errors } = props;
  const update = (key: number, change: Partial<RuleDraft>) => props.onChange(rules.map((rule) => (rule.key === key ? { ...rule, ...change } : rule)));
  return (
    <div>
      <FieldError errors={errors} path="bonus.earningRules" />
      {rules.length === 0 ? <p className="mb-3 text-sm text-slate-700" data-testid="rules-empty">No earning rules: seeding earns nothing. Add a rule.</p> : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="earning-rules">
          <caption className="sr-only">Earning rules: each seeded torrent earns the points of every rule it meets</caption>
          <thead className="text-xs uppercase text-slate-600">
            <tr>
              <th scope="col" className="px-1 py-1">Name</th>
              <th scope="col" className="px-1 py-1">Condition</th>
              <th scope="col" className="px-1 py-1">Threshold</th>
              <th scope="col" className="px-1 py-1">Points/hour per torrent</th>
              <th scope="col" className="px-1 py-1"><span className="sr-only">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule, index) => {
              const path = (field: string) => `bonus.earningRules.${index}.${field}`;
              const unit = CONDITIONS[rule.condition].unit;
              return (
                <tr key={rule.key} className="border-t border-slate-100 align-top" data-testid={`rule-${index}`}>
                  <td className="px-1 py-1">
                    <input aria-label={`Rule ${index + 1} name`} value={rule.name} maxLength={80} onChange={(event) => update(rule.key, { name: event.target.value })} className={`${cellInput} min-w-[17rem]`} {...invalidProps(errors, path('name'))} />
                    <FieldError errors={errors} path={path('name')} />
                  </td>
                  <td className="px-1 py-1">
                    <select
                      aria-label={`Rule ${index + 1} condition`}
                      value={rule.condition}
                      onChange={(event) => update(rule.key, { condition: event.target.value as Condition, threshold: event.target.value === 'seeding' ? '' : rule.threshold })}
                      className={cellInput}
                      {...invalidProps(errors, path('condition'))}
                    >
                      {Object.entries(CONDITIONS).map(([value, condition]) => (
                        <option key={value} value={value}>{condition.label}</option>
                      ))}
                    </select>
                    <FieldError errors={errors} path={path('condition')} />
                  </td>
                  <td className="px-1 py-1">
                    {unit === null ? (
                      <span className="text-slate-500">—</span>
                    ) : (
                      <div className="flex items-center gap-1">
                        <input aria-label={`Rule ${index + 1} threshold (${unit})`} value={rule.threshold} inputMode="decimal" onChange={(event) => update(rule.key, { threshold: event.target.value })} className={`${cellInput} w-24`} {...invalidProps(errors, path('threshold'))} />
                        <span className="whitespace-nowrap text-xs text-slate-600">{unit}</span>
                      </div>
                    )}
                    <FieldError errors={errors} path={path('threshold')} />
                  </td>
                  <td className="px-1 py-1">
                    <input aria-label={`Rule ${index + 1} points per hour`} value={rule.pointsPerHour} inputMode="decimal" onChange={(event) => update(rule.key, { pointsPerHour: event.target.value })} className={`${cellInput} w-24`} {...invalidProps(errors, path('pointsPerHour'))} />
                    <FieldError errors={errors} path={path('pointsPerHour')} />
                  </td>
                  <td className="px-1 py-1">
                    <button type="button" className="rounded px-2 py-2 text-sm text-red-800 underline hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600" onClick={() => props.onChange(rules.filter((other) => other.key !== rule.key))}>
                      Remove<span className="sr-only"> rule {rule.name || index + 1}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={() => props.onChange([...rules, { key: newKey(), name: '', condition: 'seeding', threshold: '', pointsPerHour: '1' }])}>
        Add a rule
      </button>
    </div>
  );
}
