import { describe, expect, it } from 'vitest';
import {
  activeFreeleechEvent,
  defaultPlanLimits,
  defaultTenantSettings,
  parsePlanLimits,
  parseTenantSettings,
  TenantSettingsError,
} from './tenant-settings';

describe('parseTenantSettings', () => {
  it('fills every key from the defaults', () => {
    expect(parseTenantSettings({})).toEqual(defaultTenantSettings);
    expect(parseTenantSettings(null)).toEqual(defaultTenantSettings);
    expect(defaultTenantSettings).toMatchObject({
      announceIntervalSeconds: 1800,
      minAnnounceIntervalSeconds: 300,
      peerTtlSeconds: 3900,
      registrationMode: 'invite',
      moderationRequired: false,
      allowWebSeeds: false,
      freeleechEvent: { active: false, percent: 100, doubleUpload: false, endsAt: null },
      clientAllowList: [],
      clientDenyList: [],
      maxPeersPerMemberTorrent: 3,
      maxSpeedBytesPerSecond: 1024 ** 3,
      announceRateLimitPerSecond: 10,
    });
  });

  it('keeps given values and fills nested defaults', () => {
    const settings = parseTenantSettings({
      registrationMode: 'open',
      freeleechEvent: { active: true, percent: 50 },
      clientDenyList: ['-XL0012-'],
    });
    expect(settings.registrationMode).toBe('open');
    expect(settings.freeleechEvent).toEqual({
      active: true,
      percent: 50,
      doubleUpload: false,
      endsAt: null,
    });
    expect(settings.clientDenyList).toEqual(['-XL0012-']);
    expect(settings.hitAndRun.minSeedHours).toBe(72);
  });

  it('names each bad field with the value it got', () => {
    let error: unknown;
    try {
      parseTenantSettings({
        announceIntervalSeconds: 10,
        registrationMode: 'everyone',
        freeleechEvent: { percent: 30 },
        clientAllowList: ['-qB', ''],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TenantSettingsError);
    const message = (error as Error).message;
    expect(message).toMatch(/announceIntervalSeconds: must be at least 60 \(got 10\)/);
    expect(message).toMatch(
      /registrationMode: must be "open", "invite", "application" or "closed" \(got "everyone"\)/,
    );
    expect(message).toMatch(
      /freeleechEvent\.percent: must be one of 0, 25, 50, 75, 100 \(got 30\)/,
    );
    expect(message).toMatch(/clientAllowList\.1: must be 1-20 printable ASCII/);
  });

  it('has request defaults and names a bad request setting', () => {
    expect(parseTenantSettings({}).requests).toEqual({ minBounty: 100, claimDays: 7, acceptDays: 3 });
    expect(() => parseTenantSettings({ requests: { minBounty: 0, acceptDays: 1.5 } })).toThrow(
      /requests\.minBounty: must be at least 1 \(got 0\)[\s\S]*requests\.acceptDays/,
    );
  });

  it('checks the intervals against each other', () => {
    expect(() =>
      parseTenantSettings({ announceIntervalSeconds: 600, minAnnounceIntervalSeconds: 900 }),
    ).toThrow(
      /minAnnounceIntervalSeconds: must not exceed announceIntervalSeconds \(600\) \(got 900\)/,
    );
    expect(parseTenantSettings({ announceIntervalSeconds: 3600 }).peerTtlSeconds).toBe(7500);
    expect(() =>
      parseTenantSettings({ announceIntervalSeconds: 3600, peerTtlSeconds: 3000 }),
    ).toThrow(
      /peerTtlSeconds: must exceed announceIntervalSeconds \(3600\) or peers vanish between announces \(got 3000\)/,
    );
  });

  it('rejects what is not an object', () => {
    expect(() => parseTenantSettings([])).toThrow(/must be a JSON object/);
    expect(() => parseTenantSettings('x')).toThrow(TenantSettingsError);
  });

  it('ends a freeleech event at endsAt', () => {
    const settings = parseTenantSettings({
      freeleechEvent: { active: true, endsAt: '2030-01-01T00:00:00Z' },
    });
    expect(activeFreeleechEvent(settings, new Date('2029-12-31T23:59:59Z'))?.percent).toBe(100);
    expect(activeFreeleechEvent(settings, new Date('2030-01-01T00:00:00Z'))).toBeNull();
    expect(activeFreeleechEvent(defaultTenantSettings, new Date())).toBeNull();
    expect(() => parseTenantSettings({ freeleechEvent: { endsAt: 'tomorrow' } })).toThrow(
      /freeleechEvent\.endsAt: must be an ISO 8601 date-time/,
    );
  });

  it('fills the hit-and-run rules and names a bad one', () => {
    expect(parseTenantSettings({}).hitAndRun).toEqual({
      enabled: false,
      minSeedHours: 72,
      minRatio: 1,
      graceDays: 14,
      exemptBelowBytes: 0,
      immuneGroupIds: [],
      prewarnHours: 48,
      warningDays: 14,
      maxActiveWarnings: 3,
    });
    let message = '';
    try {
      parseTenantSettings({
        hitAndRun: { maxActiveWarnings: 0, immuneGroupIds: ['staff'], warningDays: 1.5 },
      });
    } catch (caught) {
      message = (caught as Error).message;
    }
    expect(message).toMatch(/hitAndRun\.maxActiveWarnings: must be at least 1/);
    expect(message).toMatch(/hitAndRun\.immuneGroupIds\.0: must be a group id \(uuid\)/);
    expect(message).toMatch(/hitAndRun\.warningDays: must be a whole number/);
  });
});

describe('parsePlanLimits', () => {
  it('fills defaults and names bad fields', () => {
    expect(parsePlanLimits({ maxMembers: 50 })).toEqual({ ...defaultPlanLimits, maxMembers: 50 });
    expect(() => parsePlanLimits({ announcesPerSecond: 0.5 })).toThrow(
      /announcesPerSecond: must be a whole number \(got 0.5\)/,
    );
  });
});
