import { describe, expect, it } from 'vitest';
import { BitTorrentError } from '../errors.js';
import {
  MAX_SCRAPE_INFO_HASHES,
  parseAnnounceQuery,
  parseScrapeQuery,
  passkeyFromPath,
} from './index.js';

const INFO_HASH = '1bb55071c03bf08f091f5fa3802b35db5d9021bc';
const PEER_ID_TEXT = '-qB4650-k9Wf)bE~Z*S1';
const PEER_ID_HEX = Buffer.from(PEER_ID_TEXT, 'latin1').toString('hex');

/** Percent-encodes like libtorrent (qBittorrent): unreserved characters stay literal. */
function libtorrentEscape(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    text += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return text;
}

/** Transmission escapes the same set, with upper-case hex digits. */
const transmissionEscape = (bytes: Buffer): string =>
  libtorrentEscape(bytes).replace(/%[0-9a-f]{2}/g, (escape) => escape.toUpperCase());

const qBittorrentQuery =
  `info_hash=${libtorrentEscape(Buffer.from(INFO_HASH, 'hex'))}&peer_id=${libtorrentEscape(Buffer.from(PEER_ID_TEXT, 'latin1'))}` +
  '&port=51413&uploaded=1048576&downloaded=0&left=104857600&corrupt=0&key=5E1A2B3C&event=started' +
  '&numwant=200&compact=1&no_peer_id=1&supportcrypto=1&redundant=0';

/** A base query with every required parameter; `extra` is appended (later ones win). */
function query(extra = ''): string {
  return `info_hash=${transmissionEscape(Buffer.from(INFO_HASH, 'hex'))}&peer_id=-TR3000-abcdefghijkl&port=6881&uploaded=0&downloaded=0&left=0${extra}`;
}

function badRequestMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof BitTorrentError && error.code === 'bad_request') return error.message;
    throw error;
  }
  throw new Error('expected a bad_request BitTorrentError');
}

describe('parseAnnounceQuery', () => {
  it('parses a real qBittorrent announce with binary escapes and literal characters mixed', () => {
    expect(qBittorrentQuery).toContain('%1b%b5Pq%c0');
    expect(parseAnnounceQuery(qBittorrentQuery)).toEqual({
      infoHash: INFO_HASH,
      peerId: PEER_ID_HEX,
      port: 51413,
      uploaded: 1048576,
      downloaded: 0,
      left: 104857600,
      event: 'started',
      numwant: 200,
      key: '5E1A2B3C',
      compact: true,
      noPeerId: true,
      trackerId: undefined,
    });
  });

  it('parses a Transmission announce (upper-case escapes, no event)', () => {
    const params = parseAnnounceQuery(query('&numwant=80&key=6d3f1a2b&compact=1&supportcrypto=1'));
    expect(params.infoHash).toBe(INFO_HASH);
    expect(params.peerId).toBe(Buffer.from('-TR3000-abcdefghijkl').toString('hex'));
    expect(params.event).toBe('none');
    expect(params.noPeerId).toBe(false);
  });

  it('decodes a fully escaped info_hash and treats + as a space', () => {
    const allEscaped = [...Buffer.from(INFO_HASH, 'hex')]
      .map((byte) => `%${byte.toString(16).padStart(2, '0')}`)
      .join('');
    expect(
      parseAnnounceQuery(query().replace(/info_hash=[^&]*/, `info_hash=${allEscaped}`)).infoHash,
    ).toBe(INFO_HASH);
    const withPlus = parseAnnounceQuery(
      query().replace(/peer_id=[^&]*/, 'peer_id=-TR3000-abc+efghijkl'),
    );
    expect(Buffer.from(withPlus.peerId, 'hex').toString()).toBe('-TR3000-abc efghijkl');
  });

  it.each([
    ['', 'none'],
    ['empty', 'none'],
    ['started', 'started'],
    ['stopped', 'stopped'],
    ['completed', 'completed'],
    ['paused', 'paused'],
  ])('reads event=%s', (value, event) => {
    expect(parseAnnounceQuery(query(`&event=${value}`)).event).toBe(event);
  });

  it('reads compact, no_peer_id, numwant, key and trackerid variants', () => {
    expect(parseAnnounceQuery(query()).compact).toBe(true);
    expect(parseAnnounceQuery(query('&compact=1')).compact).toBe(true);
    expect(parseAnnounceQuery(query('&compact=0')).compact).toBe(false);
    expect(parseAnnounceQuery(query('&no_peer_id=1')).noPeerId).toBe(true);
    expect(parseAnnounceQuery(query('&no_peer_id=0')).noPeerId).toBe(false);
    expect(parseAnnounceQuery(query()).numwant).toBeUndefined();
    expect(parseAnnounceQuery(query('&numwant=0')).numwant).toBe(0);
    expect(parseAnnounceQuery(query('&numwant=50')).numwant).toBe(50);
    expect(parseAnnounceQuery(query('&key=')).key).toBeUndefined();
    expect(parseAnnounceQuery(query('&key=a%20b')).key).toBe('a%20b');
    expect(parseAnnounceQuery(query('&trackerid=t-42')).trackerId).toBe('t-42');
  });

  it('ignores client-supplied ip, ipv4, ipv6 and unknown parameters', () => {
    const params = parseAnnounceQuery(
      query('&ip=6.6.6.6&ipv4=6.6.6.6&ipv6=%3A%3A1&requirecrypto=1&&novalue&=x'),
    );
    expect(Object.keys(params).sort()).toEqual([
      'compact',
      'downloaded',
      'event',
      'infoHash',
      'key',
      'left',
      'noPeerId',
      'numwant',
      'peerId',
      'port',
      'trackerId',
      'uploaded',
    ]);
    expect(JSON.stringify(params)).not.toContain('6.6.6.6');
  });

  it('splits each pair at its first =, so a value may contain =', () => {
    expect(parseAnnounceQuery(query('&key=a=b&novalue&trackerid=x')).key).toBe('a=b');
    expect(parseAnnounceQuery(query('&novalue&trackerid=x=y')).trackerId).toBe('x=y');
  });

  it('lets a repeated parameter take its last value', () => {
    expect(parseAnnounceQuery(query('&port=7000')).port).toBe(7000);
  });

  it('accepts the largest safe counters and the port range ends', () => {
    expect(parseAnnounceQuery(query('&uploaded=9007199254740991')).uploaded).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(parseAnnounceQuery(query('&port=1')).port).toBe(1);
    expect(parseAnnounceQuery(query('&port=65535')).port).toBe(65535);
  });

  it.each([
    ['', 'missing info_hash'],
    [query().replace(/info_hash=[^&]*&/, ''), 'missing info_hash'],
    [query().replace(/peer_id=[^&]*&/, ''), 'missing peer_id'],
    [query().replace('port=6881&', ''), 'missing port'],
    [query().replace('uploaded=0&', ''), 'missing uploaded'],
    [query().replace('downloaded=0&', ''), 'missing downloaded'],
    [query().replace('&left=0', ''), 'missing left'],
    [query('&info_hash=%12%34'), 'info_hash must be 20 bytes (got 2)'],
    [query('&info_hash='), 'info_hash must be 20 bytes (got 0)'],
    [query('&info_hash=123456789012345678901'), 'info_hash must be 20 bytes (got more)'],
    [query('&peer_id=1234567890123456789'), 'peer_id must be 20 bytes (got 19)'],
    [query('&info_hash=%zz345678901234567890'), 'info_hash has an invalid percent escape'],
    [query('&info_hash=1234567890123456789%4'), 'info_hash has an invalid percent escape'],
    [query('&info_hash=1234567890123456789%'), 'info_hash has an invalid percent escape'],
    [query('&peer_id=1234567890123456789\u0100'), 'peer_id must be percent-encoded bytes'],
    [query('&port=0'), 'invalid port (must be an integer from 1 to 65535)'],
    [query('&port=65536'), 'invalid port (must be an integer from 1 to 65535)'],
    [query('&port=-1'), 'invalid port'],
    [query('&port='), 'invalid port'],
    [query('&port=80x'), 'invalid port'],
    [query('&uploaded=-1'), 'invalid uploaded (must be a non-negative integer)'],
    [query('&downloaded=1.5'), 'invalid downloaded (must be a non-negative integer)'],
    [query('&left=9007199254740992'), 'invalid left (must be a non-negative integer)'],
    [query('&left=1e3'), 'invalid left'],
    [query('&numwant=-1'), 'invalid numwant (must be a non-negative integer)'],
    [
      query('&event=finished'),
      'invalid event (must be started, stopped, completed, paused or empty)',
    ],
    [query('&event=STARTED'), 'invalid event'],
    [query(`&key=${'k'.repeat(129)}`), 'key is too long (at most 128 characters)'],
    [query(`&trackerid=${'t'.repeat(129)}`), 'trackerid is too long'],
  ])('rejects %j', (rawQuery, message) => {
    expect(badRequestMessage(() => parseAnnounceQuery(rawQuery))).toContain(message);
  });
});

describe('parseScrapeQuery', () => {
  const hashA = Buffer.alloc(20, 0xaa);
  const hashB = Buffer.alloc(20, 0x0b);

  it('collects several info_hash parameters, de-duplicated in first-seen order', () => {
    const rawQuery = `info_hash=${libtorrentEscape(hashA)}&foo=bar&info_hash=${libtorrentEscape(hashB)}&info_hash=${libtorrentEscape(hashA)}`;
    expect(parseScrapeQuery(rawQuery)).toEqual([hashA.toString('hex'), hashB.toString('hex')]);
  });

  it('requires at least one and at most the cap', () => {
    expect(badRequestMessage(() => parseScrapeQuery(''))).toBe(
      'missing info_hash (full scrape is not supported)',
    );
    expect(badRequestMessage(() => parseScrapeQuery('foo=1'))).toBe(
      'missing info_hash (full scrape is not supported)',
    );
    const many = Array.from({ length: MAX_SCRAPE_INFO_HASHES + 1 }, (_, index) => {
      const hash = Buffer.alloc(20);
      hash.writeUInt32BE(index);
      return `info_hash=${libtorrentEscape(hash)}`;
    });
    expect(parseScrapeQuery(many.slice(0, MAX_SCRAPE_INFO_HASHES).join('&'))).toHaveLength(
      MAX_SCRAPE_INFO_HASHES,
    );
    expect(badRequestMessage(() => parseScrapeQuery(many.join('&')))).toBe(
      'too many info_hash parameters (at most 100 per scrape)',
    );
    expect(badRequestMessage(() => parseScrapeQuery('info_hash=abc'))).toBe(
      'info_hash must be 20 bytes (got 3)',
    );
  });
});

describe('passkeyFromPath', () => {
  const passkey = '0123456789abcdef0123456789abcdef';

  it('splits announce and scrape paths, ignoring a query string', () => {
    expect(passkeyFromPath(`/${passkey}/announce`)).toEqual({ passkey, action: 'announce' });
    expect(passkeyFromPath(`/${passkey}/scrape?info_hash=x`)).toEqual({
      passkey,
      action: 'scrape',
    });
  });

  it.each([
    ['/announce', 'unknown path: use /<passkey>/announce or /<passkey>/scrape'],
    [`/${passkey}/announce/`, 'unknown path'],
    [`/${passkey}/stats`, 'unknown path'],
    [`/${passkey}`, 'unknown path'],
    [`${passkey}/announce`, 'unknown path'],
    [
      `/${passkey.toUpperCase()}/announce`,
      'invalid passkey: it must be 32 lowercase hex characters',
    ],
    [`/${passkey.slice(1)}g/announce`, 'invalid passkey'],
    [`/${passkey}0/announce`, 'unknown path'],
    ['', 'unknown path'],
  ])('rejects %j', (path, message) => {
    expect(badRequestMessage(() => passkeyFromPath(path))).toContain(message);
  });
});
