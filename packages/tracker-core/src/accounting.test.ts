import { describe, expect, it } from 'vitest';
import {
  accountAnnounce,
  credit,
  creditedSeconds,
  creditFactors,
  effectiveFreeleechPercent,
  transferDelta,
} from './accounting.js';
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

describe('accountAnnounce', () => {
  const factors = { downloadFactor: 0.5, uploadFactor: 1 };
  const report = { uploaded: 5000, downloaded: 3000, left: 0, event: 'none' as const, nowMs: 1_000_000 };

  it('baselines a peer it does not know: nothing credited', () => {
    expect(accountAnnounce(undefined, report, 1800, factors)).toEqual({
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
    const leeching = accountAnnounce(previous, report, 1800, factors);
    expect(leeching).toMatchObject({ actualUploaded: 4000, creditedDownloaded: 1000, leechSeconds: 60, seedSeconds: 0 });
    const seeding = accountAnnounce({ ...previous, seeding: true }, report, 1800, factors);
    expect(seeding).toMatchObject({ leechSeconds: 0, seedSeconds: 60 });
  });

  it('counts a completion only once per peer', () => {
    const completed = { ...report, event: 'completed' as const };
    expect(accountAnnounce(undefined, completed, 1800, factors).completions).toBe(1);
    const counted = { uploaded: 0, downloaded: 0, lastAnnounceMs: 0, seeding: true, completionCounted: true };
    expect(accountAnnounce(counted, completed, 1800, factors).completions).toBe(0);
  });

  it('counts a known peer going from left > 0 to left 0 as its completion, with any event', () => {
    const leeching = { uploaded: 0, downloaded: 0, lastAnnounceMs: 0, seeding: false, completionCounted: false };
    const stopped = { ...report, event: 'stopped' as const };
    expect(accountAnnounce(leeching, stopped, 1800, factors).completions).toBe(1);
    expect(accountAnnounce({ ...leeching, completionCounted: true }, stopped, 1800, factors).completions).toBe(0);
    expect(accountAnnounce({ ...leeching, seeding: true }, stopped, 1800, factors).completions).toBe(0);
    expect(accountAnnounce(undefined, stopped, 1800, factors).completions).toBe(0);
    expect(accountAnnounce(leeching, { ...stopped, left: 1 }, 1800, factors).completions).toBe(0);
  });
});
