import { describe, expect, it } from 'vitest';
import {
  accountAnnounce,
  credit,
  creditedSeconds,
  creditFactors,
  effectiveFreeleechPercent,
  plausibleBytes,
  transferDelta,
} from './accounting.js';
import type { AccountingRules } from './accounting.js';
import type { FreeleechPercent } from './types.js';

function tenantWith(event: { active: boolean; percent: FreeleechPercent; doubleUpload: boolean }) {
  return { settings: { freeleechEvent: event } } as const;
}
const noEvent = tenantWith({ active: false, percent: 100, doubleUpload: true });

describe('transferDelta', () => {
  it('is the growth since the last report', () => {
    expect(transferDelta(1500, 1000)).toBe(500);
    expect(transferDelta(1000, 1000)).toBe(0);
  });

  it('counts nothing when the total falls (client restart)', () => {
    expect(transferDelta(200, 1000)).toBe(0);
  });
});

describe('creditFactors', () => {
  it('is neutral without freeleech', () => {
    expect(creditFactors({ freeleechPercent: 0, doubleUpload: false }, noEvent, { personalFreeleech: false })).toEqual({
      downloadFactor: 1,
      uploadFactor: 1,
    });
  });

  it('takes the strongest of torrent, active event and personal freeleech', () => {
    const event50 = tenantWith({ active: true, percent: 50, doubleUpload: false });
    expect(effectiveFreeleechPercent({ freeleechPercent: 25 }, event50, { personalFreeleech: false })).toBe(50);
    expect(effectiveFreeleechPercent({ freeleechPercent: 75 }, event50, { personalFreeleech: false })).toBe(75);
    expect(effectiveFreeleechPercent({ freeleechPercent: 0 }, event50, { personalFreeleech: true })).toBe(100);
    // An inactive event counts for nothing, whatever it says.
    expect(effectiveFreeleechPercent({ freeleechPercent: 25 }, noEvent, { personalFreeleech: false })).toBe(25);
  });

  it('doubles upload for a double-upload torrent or an active double-upload event', () => {
    const member = { personalFreeleech: false };
    expect(creditFactors({ freeleechPercent: 0, doubleUpload: true }, noEvent, member).uploadFactor).toBe(2);
    const doubleEvent = tenantWith({ active: true, percent: 0, doubleUpload: true });
    expect(creditFactors({ freeleechPercent: 0, doubleUpload: false }, doubleEvent, member).uploadFactor).toBe(2);
    expect(creditFactors({ freeleechPercent: 0, doubleUpload: false }, noEvent, member).uploadFactor).toBe(1);
  });

  it('combines freeleech and double upload', () => {
    const factors = creditFactors({ freeleechPercent: 75, doubleUpload: true }, noEvent, { personalFreeleech: false });
    expect(factors).toEqual({ downloadFactor: 0.25, uploadFactor: 2 });
    expect(credit(1001, factors.downloadFactor)).toBe(250);
    expect(credit(1001, factors.uploadFactor)).toBe(2002);
  });
});

describe('creditedSeconds', () => {
  it('counts whole seconds of the gap, capped at two intervals', () => {
    expect(creditedSeconds(90_500, 1800)).toBe(90);
    expect(creditedSeconds(10 * 3_600_000, 1800)).toBe(3600);
    expect(creditedSeconds(-5000, 1800)).toBe(0);
  });
});

describe('plausibleBytes', () => {
  it('is elapsed time × maximum speed, with a one-second floor and a safe-integer ceiling', () => {
    expect(plausibleBytes(60_000, 1000)).toBe(60_000);
    expect(plausibleBytes(8, 1000)).toBe(1000);
    expect(plausibleBytes(-5, 1000)).toBe(1000);
    expect(plausibleBytes(1500, 1001)).toBe(1501);
    expect(plausibleBytes(1e12, 1e12)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('accountAnnounce', () => {
  const factors = { downloadFactor: 0.5, uploadFactor: 1 };
  const GIB = 1024 ** 3;
  const rules = (overrides: Partial<AccountingRules> = {}): AccountingRules => ({
    announceIntervalSeconds: 1800,
    factors,
    maxBytesPerSecond: GIB,
    otherLeechers: () => true,
    ...overrides,
  });
  const report = { uploaded: 5000, downloaded: 3000, left: 0, event: 'none' as const, nowMs: 1_000_000 };
  const leeching = { uploaded: 0, downloaded: 0, lastAnnounceMs: 0, seeding: false, completionCounted: false };

  it('baselines a peer it does not know: nothing credited', () => {
    expect(accountAnnounce(undefined, report, rules())).toEqual({
      reportedUploaded: 0,
      reportedDownloaded: 0,
      actualUploaded: 0,
      actualDownloaded: 0,
      creditedUploaded: 0,
      creditedDownloaded: 0,
      seedSeconds: 0,
      leechSeconds: 0,
      completions: 0,
    });
  });

  it('attributes the gap to the state of the previous announce', () => {
    const previous = { uploaded: 1000, downloaded: 1000, lastAnnounceMs: 940_000, seeding: false, completionCounted: false };
    const leechingGap = accountAnnounce(previous, report, rules());
    expect(leechingGap).toMatchObject({ actualUploaded: 4000, creditedDownloaded: 1000, leechSeconds: 60, seedSeconds: 0 });
    const seeding = accountAnnounce({ ...previous, seeding: true }, report, rules());
    expect(seeding).toMatchObject({ leechSeconds: 0, seedSeconds: 60 });
  });

  it('bounds each way by elapsed time × maximum speed (one second at least) and flags the excess', () => {
    const started = { uploaded: 0, downloaded: 0, lastAnnounceMs: 1_000_000, seeding: true, completionCounted: false };
    // The demonstrated abuse: `stopped` 8 ms after `started` reporting 2^53 − 1 bytes.
    const abuse = accountAnnounce(
      started,
      { uploaded: Number.MAX_SAFE_INTEGER, downloaded: 0, left: 0, event: 'stopped', nowMs: 1_000_008 },
      rules(),
    );
    expect(abuse).toMatchObject({
      reportedUploaded: Number.MAX_SAFE_INTEGER,
      actualUploaded: GIB,
      creditedUploaded: GIB,
      flag: 'speed',
    });
    const download = accountAnnounce(
      { ...started, seeding: false },
      { uploaded: 0, downloaded: 10 * GIB, left: 5, event: 'none', nowMs: 1_000_000 + 4000 },
      rules({ factors: { downloadFactor: 1, uploadFactor: 1 } }),
    );
    expect(download).toMatchObject({ reportedDownloaded: 10 * GIB, actualDownloaded: 4 * GIB, creditedDownloaded: 4 * GIB, flag: 'speed' });
    const plausible = accountAnnounce(started, { ...report, uploaded: 60 * GIB, nowMs: 1_000_000 + 60_000 }, rules());
    expect(plausible.actualUploaded).toBe(60 * GIB);
    expect(plausible.flag).toBeUndefined();
  });

  it('credits upload only when another member was leeching, else flags it', () => {
    const previous = { uploaded: 0, downloaded: 0, lastAnnounceMs: 940_000, seeding: true, completionCounted: false };
    const alone = accountAnnounce(previous, report, rules({ otherLeechers: () => false }));
    expect(alone).toMatchObject({ reportedUploaded: 5000, actualUploaded: 0, creditedUploaded: 0, actualDownloaded: 3000, flag: 'no_leechers' });
    // No upload reported: nothing to believe, nothing flagged, the swarm is not even looked at.
    const idle = accountAnnounce(previous, { ...report, uploaded: 0 }, rules({ otherLeechers: () => { throw new Error('looked'); } }));
    expect(idle.flag).toBeUndefined();
  });

  it('counts seed time once per member: not again for a gap another peer of the member covered', () => {
    const seeding = { uploaded: 0, downloaded: 0, lastAnnounceMs: 0, seeding: true, completionCounted: false };
    const at = (nowMs: number, memberSeedAccruedMs?: number) =>
      accountAnnounce(seeding, { ...report, uploaded: 0, nowMs }, rules(memberSeedAccruedMs === undefined ? {} : { memberSeedAccruedMs })).seedSeconds;
    expect(at(600_000)).toBe(600);
    expect(at(600_000, 400_000)).toBe(200);
    expect(at(600_000, 700_000)).toBe(0);
  });

  it('counts a completion only when a known peer goes from left > 0 to left 0, once', () => {
    const completed = { ...report, event: 'completed' as const };
    // A `completed` from a peer never seen, or still missing data, is no snatch.
    expect(accountAnnounce(undefined, completed, rules()).completions).toBe(0);
    expect(accountAnnounce(leeching, { ...completed, left: 10 }, rules()).completions).toBe(0);
    expect(accountAnnounce({ ...leeching, seeding: true }, completed, rules()).completions).toBe(0);
    expect(accountAnnounce(leeching, completed, rules()).completions).toBe(1);
    expect(accountAnnounce({ ...leeching, completionCounted: true }, completed, rules()).completions).toBe(0);
  });

  it('counts it with any event (aria2 --seed-time=0 sends only stopped)', () => {
    const stopped = { ...report, event: 'stopped' as const };
    expect(accountAnnounce(leeching, stopped, rules()).completions).toBe(1);
    expect(accountAnnounce(undefined, stopped, rules()).completions).toBe(0);
    expect(accountAnnounce(leeching, { ...stopped, left: 1 }, rules()).completions).toBe(0);
  });
});
