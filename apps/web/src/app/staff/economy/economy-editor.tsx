'use client';
// The economy settings form: earning rules with a live preview, the cap, store items and
// hit-and-run rules, saved together. The server validates; its messages appear under the
// fields they name. Staff who may not save still edit drafts to try them in the preview.
import { buttonClass, Card, Field, inputClass, Notice } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { api, errorDetails, errorMessage } from '~/lib/trpc-client';
import {
  hitAndRunDraft,
  hitAndRunFromDraft,
  ruleDraft,
  ruleFromDraft,
  storeItemDraft,
  storeItemFromDraft,
  type HitAndRunDraft,
  type RuleDraft,
  type SavedRule,
  type StoreItemDraft,
} from './drafts';
import { EarningPreviewPanel } from './earning-preview-panel';
import { FieldError, invalidProps, numberOrText } from './field-error';
import { HitAndRunEditor } from './hit-and-run-editor';
import { RulesEditor } from './rules-editor';
import { StoreItemsEditor } from './store-items-editor';

export interface EconomyInitial {
  version: string;
  canEdit: boolean;
  bonus: { enabled: boolean; earningRules: SavedRule[]; maxRewardedTorrents: number; storeItems: (Record<string, unknown> & { id: string; kind: StoreItemDraft['kind'] })[] };
  hitAndRun: Record<string, unknown>;
}

export function EconomyEditor({ initial, groups }: { initial: EconomyInitial; groups: { id: string; name: string }[] }) {
  const router = useRouter();
  const [version, setVersion] = useState(initial.version);
  const [rules, setRules] = useState<RuleDraft[]>(() => initial.bonus.earningRules.map(ruleDraft));
  const [cap, setCap] = useState(String(initial.bonus.maxRewardedTorrents));
  const [earningOn, setEarningOn] = useState(initial.bonus.enabled);
  const [items, setItems] = useState<StoreItemDraft[]>(() => initial.bonus.storeItems.map(storeItemDraft));
  const [hitAndRun, setHitAndRun] = useState<HitAndRunDraft>(() => hitAndRunDraft(initial.hitAndRun));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [previewErrors, setPreviewErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const ruleValues = useMemo(() => rules.map(ruleFromDraft), [rules]);
  const capValue = numberOrText(cap);
  const onPreviewErrors = useCallback((fields: Record<string, string>) => setPreviewErrors(fields), []);
  // Save errors win; preview errors show while nothing was submitted.
  const shownErrors = { ...previewErrors, ...errors };

  async function save() {
    setPending(true);
    setProblem(null);
    setSaved(null);
    try {
      const result = await api.staffEconomy.save.mutate({
        version,
        bonus: { enabled: earningOn, earningRules: ruleValues, maxRewardedTorrents: capValue, storeItems: items.map(storeItemFromDraft) },
        hitAndRun: hitAndRunFromDraft(hitAndRun),
      });
      setVersion(result.version);
      setErrors({});
      setSaved(result.changed.length === 0 ? 'Saved (nothing had changed).' : `Saved. Changed: ${result.changed.join(', ')}.`);
      router.refresh();
    } catch (error) {
      const fields = (errorDetails(error) as { fields?: Record<string, string> } | null)?.fields;
      setErrors(fields ?? {});
      setProblem(errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="space-y-6"
      aria-label="Economy settings"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Card title="Earning rules">
        <p className="mb-3 text-sm text-slate-700">Each torrent a member seeds during the hour earns the points of every rule it meets; the best-paying torrents up to the cap count.</p>
        <label className="mb-4 flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" checked={earningOn} onChange={(event) => setEarningOn(event.target.checked)} className="h-4 w-4" />
          Seeding earns points
          <span className="font-normal text-slate-600">(off: the hourly accrual books nothing here; the store, gifts and tips still work)</span>
        </label>
        <RulesEditor rules={rules} onChange={setRules} errors={shownErrors} />
        <div className="mt-4 max-w-xs">
          <Field label="Most torrents that earn per member" htmlFor="max-rewarded">
            <input id="max-rewarded" value={cap} inputMode="numeric" onChange={(event) => setCap(event.target.value)} className={inputClass} {...invalidProps(shownErrors, 'bonus.maxRewardedTorrents')} />
            <FieldError errors={shownErrors} path="bonus.maxRewardedTorrents" />
          </Field>
        </div>
      </Card>
      <Card title="Preview">
        <EarningPreviewPanel rules={ruleValues} maxRewardedTorrents={capValue} onFieldErrors={onPreviewErrors} />
      </Card>
      <Card title="Store items">
        <StoreItemsEditor items={items} onChange={setItems} errors={errors} />
      </Card>
      <Card title="Hit-and-run rules">
        <HitAndRunEditor draft={hitAndRun} onChange={setHitAndRun} errors={errors} groups={groups} />
      </Card>
      <div aria-live="polite" className="space-y-2">
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        {saved ? <Notice tone="success">{saved}</Notice> : null}
      </div>
      {initial.canEdit ? (
        <button type="submit" className={buttonClass} disabled={pending}>{pending ? 'Saving…' : 'Save economy settings'}</button>
      ) : (
        <p className="text-sm text-slate-700" data-testid="economy-read-only">Only admins can save these settings. You can edit the rules above to try them in the preview.</p>
      )}
    </form>
  );
}
