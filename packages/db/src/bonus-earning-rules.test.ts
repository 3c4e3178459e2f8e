import { describe, expect, it } from 'vitest';
import { defaultEarningRules } from './bonus-earning-rules';
import { defaultTenantSettings, parseTenantSettings, TenantSettingsError } from './tenant-settings';

const settingsWith = (earningRules: unknown) => parseTenantSettings({ bonus: { earningRules } });

describe('bonus.earningRules', () => {
  it('defaults to the UNIT3D-like rules, every condition represented', () => {
    expect(defaultTenantSettings.bonus.earningRules).toEqual(defaultEarningRules);
    expect(new Set(defaultEarningRules.map((rule) => rule.condition))).toEqual(
      new Set(['seeding', 'sizeAtLeastBytes', 'seedersAtMost', 'seedTimeAtLeastDays', 'torrentAgeAtLeastDays']),
    );
    expect(defaultTenantSettings.bonus.maxRewardedTorrents).toBe(100);
  });

  it('keeps a valid custom list as given (an empty list earns nothing)', () => {
    const rules = [
      { name: 'Base', condition: 'seeding', pointsPerHour: 0.25 },
      { name: 'Giant', condition: 'sizeAtLeastBytes', threshold: 50 * 1024 ** 3, pointsPerHour: 3 },
    ];
    expect(settingsWith(rules).bonus.earningRules).toEqual(rules);
    expect(settingsWith([]).bonus.earningRules).toEqual([]);
  });

  it('names the field of a bad rule', () => {
    const bad = (rules: unknown, pattern: RegExp) => {
      expect(() => settingsWith(rules)).toThrow(TenantSettingsError);
      expect(() => settingsWith(rules)).toThrow(pattern);
    };
    bad([{ name: 'Big', condition: 'sizeAtLeastBytes', pointsPerHour: 1 }], /bonus\.earningRules\.0\.threshold: is required for "sizeAtLeastBytes" \(bytes\)/);
    bad(
      [
        { name: 'Base', condition: 'seeding', pointsPerHour: 1 },
        { name: 'Dying', condition: 'seedersAtMost', threshold: 0, pointsPerHour: 1 },
      ],
      /bonus\.earningRules\.1\.threshold: must be between 1 and 1000000 seeders/,
    );
    bad([{ name: 'Base', condition: 'seeding', pointsPerHour: -1 }], /bonus\.earningRules\.0\.pointsPerHour: must be 0 or more \(got -1\)/);
    bad([{ name: 'Base', condition: 'seeding', pointsPerHour: 0.00001 }], /pointsPerHour: must have at most 4 decimal places/);
    bad([{ name: 'Base', condition: 'seeding', threshold: 3, pointsPerHour: 1 }], /earningRules\.0\.threshold: must be left out/);
    bad([{ name: 'Base', condition: 'leeching', pointsPerHour: 1 }], /earningRules\.0\.condition: must be one of seeding, sizeAtLeastBytes/);
    bad([{ name: ' ', condition: 'seeding', pointsPerHour: 1 }], /earningRules\.0\.name: must not be empty/);
    bad(
      [
        { name: 'Base', condition: 'seeding', pointsPerHour: 1 },
        { name: 'base', condition: 'seeding', pointsPerHour: 2 },
      ],
      /earningRules\.1\.name: must be unique/,
    );
    bad({ name: 'Base' }, /bonus\.earningRules: must be a list of earning rules/);
  });
});
