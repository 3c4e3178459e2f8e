// The economy editor's drafts: inputs keep what staff typed (text), and these turn a
// draft into the settings the server validates — nothing is judged here, so every
// message comes from the one schema and names its field.
import { numberOrText } from './field-error';

export const GIB = 1024 ** 3;

export const CONDITIONS = {
  seeding: { label: 'Every seeded torrent', unit: null },
  sizeAtLeastBytes: { label: 'Torrent size at least', unit: 'GiB' },
  seedersAtMost: { label: 'Seeders at most', unit: 'seeders' },
  seedTimeAtLeastDays: { label: 'Member’s seed time at least', unit: 'days' },
  torrentAgeAtLeastDays: { label: 'Torrent uploaded at least', unit: 'days ago' },
} as const;
export type Condition = keyof typeof CONDITIONS;

export interface SavedRule {
  name: string;
  condition: Condition;
  threshold?: number;
  pointsPerHour: number;
}

export interface RuleDraft {
  key: number;
  name: string;
  condition: Condition;
  /** In the condition's display unit (GiB for sizes). */
  threshold: string;
  pointsPerHour: string;
}

let nextKey = 1;
export const newKey = () => nextKey++;

export function ruleDraft(rule: SavedRule): RuleDraft {
  const threshold = rule.threshold === undefined ? '' : rule.condition === 'sizeAtLeastBytes' ? String(rule.threshold / GIB) : String(rule.threshold);
  return { key: newKey(), name: rule.name, condition: rule.condition, threshold, pointsPerHour: String(rule.pointsPerHour) };
}

export function ruleFromDraft(draft: RuleDraft): Record<string, unknown> {
  const rule: Record<string, unknown> = { name: draft.name, condition: draft.condition, pointsPerHour: numberOrText(draft.pointsPerHour) };
  if (draft.condition !== 'seeding') {
    const threshold = numberOrText(draft.threshold);
    rule.threshold = draft.condition === 'sizeAtLeastBytes' && typeof threshold === 'number' ? Math.round(threshold * GIB) : threshold;
  }
  return rule;
}

/** The amount field each store item kind has (custom titles have none). */
export const AMOUNT_FIELDS = {
  upload_credit: { field: 'gibibytes', label: 'GiB' },
  freeleech_token: { field: 'tokens', label: 'tokens' },
  personal_freeleech: { field: 'hours', label: 'hours' },
  invite: { field: 'invites', label: 'invites' },
  custom_title: null,
} as const;

export interface StoreItemDraft {
  id: string;
  kind: keyof typeof AMOUNT_FIELDS;
  name: string;
  cost: string;
  amount: string;
  enabled: boolean;
}

export function storeItemDraft(item: Record<string, unknown> & { id: string; kind: keyof typeof AMOUNT_FIELDS }): StoreItemDraft {
  const amountField = AMOUNT_FIELDS[item.kind]?.field;
  return {
    id: item.id,
    kind: item.kind,
    name: String(item.name ?? ''),
    cost: String(item.cost ?? ''),
    amount: amountField ? String(item[amountField] ?? '') : '',
    enabled: item.enabled !== false,
  };
}

export function storeItemFromDraft(draft: StoreItemDraft): Record<string, unknown> {
  const item: Record<string, unknown> = { id: draft.id, kind: draft.kind, name: draft.name, cost: numberOrText(draft.cost), enabled: draft.enabled };
  const amountField = AMOUNT_FIELDS[draft.kind]?.field;
  if (amountField) item[amountField] = numberOrText(draft.amount);
  return item;
}

/** Hit-and-run fields are rendered from whatever the settings hold (the block grows). */
export type HitAndRunDraft = Record<
  string,
  { type: 'boolean'; value: boolean } | { type: 'groups'; value: string[] } | { type: 'number' | 'text' | 'json'; value: string }
>;

/** Lists of group ids (`immuneGroupIds`) are chosen from the community's groups. */
export const isGroupList = (key: string, value: unknown) => /GroupIds$/.test(key) && Array.isArray(value) && value.every((item) => typeof item === 'string');

export function hitAndRunDraft(block: Record<string, unknown>): HitAndRunDraft {
  const draft: HitAndRunDraft = {};
  for (const [key, value] of Object.entries(block)) {
    if (isGroupList(key, value)) draft[key] = { type: 'groups', value: value as string[] };
    else if (typeof value === 'boolean') draft[key] = { type: 'boolean', value };
    else if (typeof value === 'number') draft[key] = { type: 'number', value: String(value) };
    else if (typeof value === 'string') draft[key] = { type: 'text', value };
    else draft[key] = { type: 'json', value: JSON.stringify(value) };
  }
  return draft;
}

export function hitAndRunFromDraft(draft: HitAndRunDraft): Record<string, unknown> {
  const block: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(draft)) {
    if (field.type === 'boolean' || field.type === 'groups') block[key] = field.value;
    else if (field.type === 'number') block[key] = numberOrText(field.value);
    else if (field.type === 'text') block[key] = field.value;
    else {
      try {
        block[key] = JSON.parse(field.value) as unknown;
      } catch {
        block[key] = field.value;
      }
    }
  }
  return block;
}

/** "minSeedHours" → "Min seed hours". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
