'use client';
// The hit-and-run rules, rendered from whatever fields the settings block holds (the
// block grows as hit-and-run is built): switches, numbers, text, group lists as
// checkboxes of the community's groups, anything else as JSON.
import { formatBytes, inputClass } from '@swarmhost/ui';
import { humanize, type HitAndRunDraft } from './drafts';
import { errorFor, FieldError, invalidProps } from './field-error';

const HINTS: Record<string, string> = {
  enabled: 'Check completed downloads for hit-and-runs.',
  minSeedHours: 'After completing a download, seed it this many hours …',
  minRatio: '… or reach this ratio on the torrent.',
  graceDays: 'Days after completion to do so.',
  exemptBelowBytes: 'Torrents smaller than this (bytes) are exempt; 0: none is.',
  immuneGroupIds: 'Members of these groups are never warned.',
  prewarnHours: 'A pre-warning goes out this many hours before the deadline (0: none).',
  warningDays: 'A warning expires by itself after this many days.',
  maxActiveWarnings: 'With this many active warnings a member’s downloads are disabled.',
};

export function HitAndRunEditor(props: { draft: HitAndRunDraft; onChange: (draft: HitAndRunDraft) => void; errors: Record<string, string>; groups: { id: string; name: string }[] }) {
  const { draft, errors } = props;
  const keys = Object.keys(draft);
  if (keys.length === 0) return <p className="text-sm text-slate-700">No hit-and-run settings exist yet.</p>;
  return (
    <div className="grid gap-x-6 sm:grid-cols-2" data-testid="hit-and-run">
      {keys.map((key) => {
        const field = draft[key];
        if (!field) return null;
        const path = `hitAndRun.${key}`;
        const id = `hnr-${key}`;
        const hint = key === 'exemptBelowBytes' && field.type === 'number' && Number(field.value) > 0 ? `${HINTS[key]} Now ${formatBytes(Number(field.value))}.` : HINTS[key];
        let control;
        if (field.type === 'boolean') {
          control = (
            <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-800">
              <input id={id} type="checkbox" checked={field.value} onChange={(event) => props.onChange({ ...draft, [key]: { type: 'boolean', value: event.target.checked } })} className="h-4 w-4" />
              {humanize(key)}
            </label>
          );
        } else if (field.type === 'groups') {
          const chosen = new Set(field.value);
          const unknown = field.value.filter((groupId) => !props.groups.some((group) => group.id === groupId));
          control = (
            <fieldset aria-invalid={errorFor(errors, path) ? true : undefined}>
              <legend className="text-sm font-medium text-slate-800">{humanize(key).replace(/ ids$/, 's')}</legend>
              {props.groups.length === 0 ? <p className="text-sm text-slate-600">This community has no groups yet.</p> : null}
              {props.groups.map((group) => (
                <label key={group.id} className="mr-4 inline-flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    checked={chosen.has(group.id)}
                    onChange={(event) => {
                      const value = event.target.checked ? [...field.value, group.id] : field.value.filter((other) => other !== group.id);
                      props.onChange({ ...draft, [key]: { type: 'groups', value } });
                    }}
                    className="h-4 w-4"
                  />
                  {group.name}
                </label>
              ))}
              {unknown.length > 0 ? <p className="text-xs text-slate-600">{unknown.length} group(s) no longer exist; saving keeps them listed.</p> : null}
            </fieldset>
          );
        } else {
          control = (
            <>
              <label htmlFor={id} className="block text-sm font-medium text-slate-800">{humanize(key)}{field.type === 'json' ? ' (JSON)' : ''}</label>
              <input
                id={id}
                value={field.value}
                inputMode={field.type === 'number' ? 'decimal' : undefined}
                onChange={(event) => props.onChange({ ...draft, [key]: { type: field.type, value: event.target.value } })}
                className={inputClass}
                {...invalidProps(errors, path)}
              />
            </>
          );
        }
        return (
          <div key={key} className="mb-4">
            {control}
            {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
            <FieldError errors={errors} path={path} nested />
          </div>
        );
      })}
    </div>
  );
}
