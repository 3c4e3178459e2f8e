import { describe, expect, it } from 'vitest';
import { GIB, hitAndRunDraft, hitAndRunFromDraft, humanize, ruleDraft, ruleFromDraft, storeItemDraft, storeItemFromDraft } from './drafts';
import { fieldsFromMessage, numberOrText } from './field-error';

describe('economy drafts', () => {
  it('shows sizes in GiB and sends bytes; leaves odd text for the server to name', () => {
    const draft = ruleDraft({ name: 'Large', condition: 'sizeAtLeastBytes', threshold: 10 * GIB, pointsPerHour: 0.5 });
    expect(draft.threshold).toBe('10');
    expect(ruleFromDraft({ ...draft, threshold: '1.5' })).toEqual({ name: 'Large', condition: 'sizeAtLeastBytes', threshold: Math.round(1.5 * GIB), pointsPerHour: 0.5 });
    expect(ruleFromDraft({ ...draft, threshold: 'lots' }).threshold).toBe('lots');
    expect(ruleFromDraft({ ...draft, condition: 'seeding' })).not.toHaveProperty('threshold');
    expect(numberOrText('  ')).toBeUndefined();
  });

  it('round-trips store items and hit-and-run fields of any type', () => {
    const item = storeItemDraft({ id: 'upload-1gib', kind: 'upload_credit', name: '', cost: 100, gibibytes: 1, enabled: true });
    expect(storeItemFromDraft({ ...item, cost: '150', enabled: false })).toEqual({ id: 'upload-1gib', kind: 'upload_credit', name: '', cost: 150, gibibytes: 1, enabled: false });
    expect(storeItemFromDraft(storeItemDraft({ id: 't', kind: 'custom_title', cost: 5 }))).toEqual({ id: 't', kind: 'custom_title', name: '', cost: 5, enabled: true });
    const block = { enabled: true, minSeedHours: 72, immuneGroups: ['vip'], label: 'x' };
    expect(hitAndRunFromDraft(hitAndRunDraft(block))).toEqual(block);
    expect(humanize('minSeedHours')).toBe('Min seed hours');
    // Group id lists are chosen as checkboxes and sent back as the list.
    const groups = hitAndRunDraft({ immuneGroupIds: ['a1', 'b2'] });
    expect(groups.immuneGroupIds).toEqual({ type: 'groups', value: ['a1', 'b2'] });
    expect(hitAndRunFromDraft(groups)).toEqual({ immuneGroupIds: ['a1', 'b2'] });
  });

  it('reads field-named server messages', () => {
    expect(fieldsFromMessage('earningRules.1.threshold: is required for "sizeAtLeastBytes" (bytes)', 'bonus.')).toEqual({
      'bonus.earningRules.1.threshold': 'is required for "sizeAtLeastBytes" (bytes)',
    });
  });
});
