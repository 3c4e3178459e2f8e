import { describe, expect, it } from 'vitest';
import { decideAnnounce, validateAnnounce } from './decide-announce.js';
import type { AnnounceDecisionInput, TrackerCoreOptions } from './decide-announce.js';
import { decideScrape } from './decide-scrape.js';
import { MemoryStore } from './memory/memory-store.js';
import type { AnnounceRequest } from './protocol.js';
import type { StoreAnnounceInput } from './store.js';
import type { MemberContext, TenantContext, TorrentContext } from './types.js';

const INFO_HASH = 'ab'.repeat(20);
const NOW = 1_760_000_000_000;

const tenant: TenantContext = {
  tenantId: 'tenant-a',
  slug: 'alpha',
  status: 'active',
  settings: {
    announceIntervalSeconds: 1800,
    minAnnounceIntervalSeconds: 300,
    peerTtlSeconds: 3900,
    maxPeersPerMemberTorrent: 1,
    maxSpeedBytesPerSecond: 1024 ** 3,
    clientAllowList: ['-qB', '-TR'],
    clientDenyList: ['-TR2'],
    freeleechEvent: { active: false, percent: 0, doubleUpload: false },
  },
};
const member: MemberContext = { tenantId: 'tenant-a', memberId: 'm1', status: 'active', personalFreeleech: false };
const torrent: TorrentContext = {
  tenantId: 'tenant-a',
  torrentId: 't1',
  infoHash: INFO_HASH,
  status: 'approved',
  freeleechPercent: 50,
  doubleUpload: false,
};

function peerIdHex(ascii: string): string {
  return Buffer.from(ascii.padEnd(20, 'x'), 'latin1').toString('hex');
}

function request(overrides: Partial<AnnounceRequest> = {}): AnnounceRequest {
  return {
    transport: 'http',
    passkey: 'f'.repeat(32),
    ip: '10.0.0.1',
    ipFamily: 4,
    infoHash: INFO_HASH,
    peerId: peerIdHex('-qB4650-'),
    port: 6881,
    uploaded: 0,
    downloaded: 0,
    left: 100,
    event: 'started',
    numwant: undefined,
    key: undefined,
    compact: true,
    noPeerId: true,
    trackerId: undefined,
    ...overrides,
  };
}

function input(overrides: Partial<AnnounceDecisionInput> = {}): AnnounceDecisionInput {
  return {
    request: request(),
    compactAddress: Buffer.from([10, 0, 0, 1, 0x1a, 0xe1]),
    tenant,
    member,
    torrent,
    ...overrides,
  };
}

function options(nowMs = NOW): TrackerCoreOptions {
  return { store: new MemoryStore(), clock: () => nowMs, random: () => 0.5 };
}

function reasonOf(result: ReturnType<typeof validateAnnounce>): string | undefined {
  return 'ok' in result ? result.failureReason : undefined;
}

describe('validateAnnounce refuses in a fixed order', () => {
  const cases: [string, Partial<AnnounceDecisionInput>, RegExp][] = [
    ['unknown passkey', { member: undefined, tenant: { ...tenant, status: 'suspended' } }, /^unknown passkey/],
    ['member of another tenant', { member: { ...member, tenantId: 'other' } }, /^unknown passkey/],
    [
      'suspended tenant',
      { tenant: { ...tenant, status: 'suspended' }, member: { ...member, status: 'disabled' } },
      /community is suspended/,
    ],
    [
      'disabled member, with the reason',
      { member: { ...member, status: 'disabled', disabledReason: 'ratio watch expired' }, torrent: undefined },
      /^your account is disabled: ratio watch expired$/,
    ],
    ['unregistered torrent', { torrent: undefined }, /^torrent not registered/],
    ['torrent of another tenant', { torrent: { ...torrent, tenantId: 'other' } }, /^torrent not registered/],
    ['pending torrent', { torrent: { ...torrent, status: 'pending' } }, /awaiting moderation/],
    ['rejected torrent', { torrent: { ...torrent, status: 'rejected', statusReason: 'dupe' } }, /^torrent rejected: dupe$/],
    [
      'deleted torrent',
      { torrent: { ...torrent, status: 'deleted', statusReason: 'trumped by a better release' }, request: request({ peerId: peerIdHex('-XX') }) },
      /^torrent deleted: trumped by a better release$/,
    ],
    ['denied client', { request: request({ peerId: peerIdHex('-TR2940-') }) }, /^client banned \(-TR2940-\)/],
    ['client missing from the allow list', { request: request({ peerId: peerIdHex('-UT3550-') }) }, /^client not allowed/],
    ['member who may not download', { member: { ...member, canDownload: false } }, /download privileges are disabled/],
    [
      'member at the hit-and-run warning limit',
      { member: { ...member, activeHitAndRunWarnings: 3 }, tenant: { ...tenant, settings: { ...tenant.settings, hitAndRunWarningLimit: 3 } } },
      /^downloads disabled: 3 active hit-and-run warnings$/,
    ],
  ];
  it.each(cases)('%s', (_name, overrides, reason) => {
    expect(reasonOf(validateAnnounce(input(overrides), options()))).toMatch(reason);
  });

  it('lets a member without download rights seed and stop', () => {
    const seeding = validateAnnounce(input({ member: { ...member, canDownload: false }, request: request({ left: 0 }) }), options());
    expect('ok' in seeding).toBe(false);
    const stopping = validateAnnounce(
      input({ member: { ...member, canDownload: false }, request: request({ event: 'stopped' }) }),
      options(),
    );
    expect('ok' in stopping).toBe(false);
  });

  it('counts hit-and-run warnings only against the limit, and lets a warned member seed and stop', () => {
    const limited = { ...tenant, settings: { ...tenant.settings, hitAndRunWarningLimit: 2 } };
    const below = validateAnnounce(input({ tenant: limited, member: { ...member, activeHitAndRunWarnings: 1 } }), options());
    expect('ok' in below).toBe(false);
    const off = validateAnnounce(input({ member: { ...member, activeHitAndRunWarnings: 9 } }), options());
    expect('ok' in off).toBe(false);
    const warned = { ...member, activeHitAndRunWarnings: 2 };
    expect(reasonOf(validateAnnounce(input({ tenant: limited, member: warned }), options()))).toBe('downloads disabled: 2 active hit-and-run warnings');
    expect('ok' in validateAnnounce(input({ tenant: limited, member: warned, request: request({ left: 0 }) }), options())).toBe(false);
    expect('ok' in validateAnnounce(input({ tenant: limited, member: warned, request: request({ event: 'stopped' }) }), options())).toBe(false);
  });

  it('credits no download on a torrent the member spent a freeleech token on, and only there', () => {
    const tokened = { ...member, freeleechTorrentIds: new Set(['t1']) };
    const here = validateAnnounce(input({ member: tokened }), options()) as StoreAnnounceInput;
    expect(here.creditFactors.downloadFactor).toBe(0);
    const elsewhere = validateAnnounce(input({ member: { ...member, freeleechTorrentIds: new Set(['t2']) } }), options()) as StoreAnnounceInput;
    expect(elsewhere.creditFactors.downloadFactor).toBe(0.5);
  });

  it('prepares the store input: clock, tenant settings, credit factors, numwant default and cap', () => {
    const prepared = validateAnnounce(input(), options()) as StoreAnnounceInput;
    expect(prepared).toMatchObject({
      tenantId: 'tenant-a',
      memberId: 'm1',
      nowMs: NOW,
      numwant: 50,
      intervalSeconds: 1800,
      minIntervalSeconds: 300,
      peerTtlSeconds: 3900,
      maxPeersPerMember: 1,
      creditFactors: { downloadFactor: 0.5, uploadFactor: 1 },
      maxBytesPerSecond: 1024 ** 3,
    });
    // Totals past 2^53 − 1 (which no double holds exactly) count as 2^53 − 1.
    const huge = validateAnnounce(input({ request: request({ uploaded: 2 ** 60, downloaded: 2 ** 54 }) }), options()) as StoreAnnounceInput;
    expect([huge.uploaded, huge.downloaded]).toEqual([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);
    const capped = validateAnnounce(input({ request: request({ numwant: 500 }) }), options()) as StoreAnnounceInput;
    expect(capped.numwant).toBe(80);
    const stopped = validateAnnounce(input({ request: request({ event: 'stopped', numwant: 30 }) }), options());
    expect((stopped as StoreAnnounceInput).numwant).toBe(0);
  });
});

describe('decideAnnounce', () => {
  it('answers with jittered interval, counts and compact peers', async () => {
    const shared = options();
    const seeder = input({
      member: { ...member, memberId: 'm2' },
      request: request({ left: 0, peerId: peerIdHex('-TR4050-') }),
      compactAddress: Buffer.from([10, 0, 0, 2, 0x1a, 0xe1]),
    });
    await decideAnnounce(seeder, shared);
    const decision = await decideAnnounce(input({ request: request({ numwant: 10 }) }), shared);
    expect(decision).toMatchObject({ ok: true, interval: 1800, minInterval: 300, complete: 1, incomplete: 1 });
    expect(decision.ok && decision.peers4.toString('hex')).toBe('0a0000021ae1');
    expect(decision.ok && decision.peers6.length).toBe(0);
  });

  it('turns store refusals into failure reasons', async () => {
    const store = new MemoryStore();
    let now = NOW;
    const shared: TrackerCoreOptions = { store, clock: () => now, random: () => 0.5 };
    await decideAnnounce(input(), shared);
    now += 10_000;
    const early = await decideAnnounce(input({ request: request({ event: 'none' }) }), shared);
    expect(early).toEqual({
      ok: false,
      code: 'min_interval',
      failureReason: 'announcing too often: wait at least 300 seconds between announces',
    });
    const secondClient = await decideAnnounce(input({ request: request({ peerId: peerIdHex('-qB4651-') }) }), shared);
    expect(secondClient).toMatchObject({ ok: false, code: 'too_many_peers' });
  });
});

describe('decideScrape', () => {
  it('applies the passkey checks and lists only approved torrents of the tenant', async () => {
    const store = new MemoryStore();
    const shared = { store, clock: () => NOW, random: () => 0.5 };
    await decideAnnounce(input({ request: request({ left: 0 }) }), shared);
    const hidden = 'cd'.repeat(20);
    const torrents = new Map([
      [INFO_HASH, torrent],
      [hidden, { ...torrent, infoHash: hidden, status: 'pending' as const }],
    ]);
    const scrapeRequest = { transport: 'http' as const, passkey: 'f'.repeat(32), infoHashes: [INFO_HASH, hidden] };
    const result = await decideScrape(
      { request: scrapeRequest, tenant, member, torrentOf: (infoHash) => torrents.get(infoHash) },
      shared,
    );
    expect(result.ok && [...result.files]).toEqual([
      [INFO_HASH, { complete: 1, incomplete: 0, downloaders: 0, downloaded: 0 }],
    ]);
    const refused = await decideScrape(
      { request: scrapeRequest, tenant, member: undefined, torrentOf: (infoHash) => torrents.get(infoHash) },
      shared,
    );
    expect(refused).toMatchObject({ ok: false, code: 'unknown_passkey' });
  });
});
