'use client';
// The hit-and-run rules, rendered from whatever fields the settings block holds (the
// block grows as hit-and-run is built): switches, numbers, text, and lists as JSON.
import { inputClass } from '@swarmhost/ui';
import { humanize, type HitAndRunDraft } from './drafts';
import { FieldError, invalidProps } from './field-error';

const HINTS: Record<string, string> = {
  enabled: 'Check completed downloads for hit-and-runs.',
  minSeedHours: 'After completing a download, seed it this many hours …',
  minRatio: '… or reach this ratio on the torrent.',
  graceDays: 'Days after completion to do so.',
};

export function HitAndRunEditor(props: { draft: HitAndRunDraft; onChange: (draft: HitAndRunDraft) => void; errors: Record<string, string> }) {
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
        const hint = HINTS[key];
        return (
          <div key={key} className="mb-4">
            {field.type === 'boolean' ? (
              <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-800">
                <input id={id} type="checkbox" checked={field.value} onChange={(event) => props.onChange({ ...draft, [key]: { type: 'boolean', value: event.target.checked } })} className="h-4 w-4" />
                {humanize(key)}
              </label>
            ) : (
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
            )}
            {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
            <FieldError errors={errors} path={path} />
          </div>
        );
      })}
    </div>
  );
}
