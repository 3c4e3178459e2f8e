// Bencoded tracker answers (BEP 3 announce, BEP 23 compact peers, BEP 7 `peers6`,
// BEP 48 scrape), assembled byte by byte with keys already in sorted order because
// every announce pays for this encoding.

import { encode } from '../bencode/index.js';
import type { BencodeInput } from '../bencode/index.js';
import { BitTorrentError } from '../errors.js';

export interface AnnounceResponseCounts {
  /** Seconds the client should wait before the next regular announce. */
  readonly interval: number;
  /** Seconds the client must at least wait; left out when undefined. */
  readonly minInterval?: number | undefined;
  /** Seeders. */
  readonly complete: number;
  /** Leechers. */
  readonly incomplete: number;
  /** Completed downloads (snatches). */
  readonly downloaded: number;
  readonly warningMessage?: string | undefined;
  readonly trackerId?: string | undefined;
}

export interface CompactAnnounceResponse extends AnnounceResponseCounts {
  /** Concatenated 6-byte IPv4 entries (BEP 23). */
  readonly peers: Uint8Array;
  /** Concatenated 18-byte IPv6 entries (BEP 7); left out when undefined or empty. */
  readonly peers6?: Uint8Array | undefined;
}

export interface DictPeer {
  readonly ip: string;
  readonly port: number;
  /** 40 hex characters; the `peer id` key is written only when given (not for no_peer_id). */
  readonly peerId?: string | undefined;
}

export interface DictPeersAnnounceResponse extends AnnounceResponseCounts {
  readonly peers: readonly DictPeer[];
}

export interface ScrapeCounts {
  readonly complete: number;
  readonly incomplete: number;
  readonly downloaded: number;
}

export interface ScrapeFile extends ScrapeCounts {
  /** 40 hex characters. */
  readonly infoHash: string;
}

function assertCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new BitTorrentError('bencode', `bencode: ${field} must be a safe integer (got ${value})`);
  }
}

function countsHead(response: AnnounceResponseCounts): string {
  assertCount(response.complete, 'complete');
  assertCount(response.downloaded, 'downloaded');
  assertCount(response.incomplete, 'incomplete');
  assertCount(response.interval, 'interval');
  const head =
    `d8:completei${response.complete}e10:downloadedi${response.downloaded}e` +
    `10:incompletei${response.incomplete}e8:intervali${response.interval}e`;
  if (response.minInterval === undefined) return head;
  assertCount(response.minInterval, 'minInterval');
  return `${head}12:min intervali${response.minInterval}e`;
}

/** `tracker id` and `warning message` sort after every other key, in this order. */
function optionalTail(response: AnnounceResponseCounts): string {
  let tail = '';
  if (response.trackerId !== undefined) {
    tail += `10:tracker id${Buffer.byteLength(response.trackerId)}:${response.trackerId}`;
  }
  if (response.warningMessage !== undefined) {
    tail += `15:warning message${Buffer.byteLength(response.warningMessage)}:${response.warningMessage}`;
  }
  return `${tail}e`;
}

/** The compact (BEP 23) announce response, the one nearly every client asks for. */
export function encodeAnnounceResponse(response: CompactAnnounceResponse): Buffer {
  const { peers, peers6 } = response;
  const head = `${countsHead(response)}5:peers${peers.length}:`;
  const peers6Head = peers6 !== undefined && peers6.length > 0 ? `6:peers6${peers6.length}:` : '';
  const tail = optionalTail(response);
  const tailBytes = Buffer.byteLength(tail);
  const total =
    head.length +
    peers.length +
    peers6Head.length +
    (peers6Head === '' ? 0 : (peers6?.length ?? 0)) +
    tailBytes;
  const output = Buffer.allocUnsafe(total);
  let offset = output.write(head, 0, 'latin1');
  output.set(peers, offset);
  offset += peers.length;
  if (peers6 !== undefined && peers6Head !== '') {
    offset += output.write(peers6Head, offset, 'latin1');
    output.set(peers6, offset);
    offset += peers6.length;
  }
  output.write(tail, offset, 'utf8');
  return output;
}

/** The original BEP 3 response with a list of peer dictionaries, for `compact=0`. */
export function encodeAnnounceResponseDictPeers(response: DictPeersAnnounceResponse): Buffer {
  const peers = response.peers.map((peer): BencodeInput => {
    assertCount(peer.port, 'port');
    if (peer.peerId === undefined) return { ip: peer.ip, port: peer.port };
    const peerId = Buffer.from(peer.peerId, 'hex');
    if (peerId.length !== 20 || peer.peerId.length !== 40) {
      throw new BitTorrentError(
        'bencode',
        `bencode: peerId must be 40 hex characters (got ${JSON.stringify(peer.peerId)})`,
      );
    }
    return { ip: peer.ip, 'peer id': peerId, port: peer.port };
  });
  return encode({
    complete: response.complete,
    downloaded: response.downloaded,
    incomplete: response.incomplete,
    interval: response.interval,
    'min interval': response.minInterval,
    peers,
    'tracker id': response.trackerId,
    'warning message': response.warningMessage,
  });
}

/**
 * BEP 3 failure: clients show `reason` to the user, so it should say what to do. With
 * `retryInSeconds` the client is also told when to come back: `min interval` (seconds,
 * BEP 3) and `retry in` (whole minutes, BEP 31), for clients that read either.
 */
export function encodeFailure(reason: string, retry?: { retryInSeconds: number }): Buffer {
  const failure = `14:failure reason${Buffer.byteLength(reason)}:${reason}`;
  if (retry === undefined) return Buffer.from(`d${failure}e`, 'utf8');
  const seconds = Math.max(1, Math.ceil(retry.retryInSeconds));
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return Buffer.from(`d${failure}12:min intervali${seconds}e8:retry ini${minutes}ee`, 'utf8');
}

/**
 * BEP 48 scrape response: `files` keyed by the raw 20-byte info hashes, in byte
 * order. A hash listed twice is written once (bencode keys are unique).
 */
export function encodeScrapeResponse(files: readonly ScrapeFile[]): Buffer {
  const entries = files.map((file) => {
    const rawHash = Buffer.from(file.infoHash, 'hex');
    if (rawHash.length !== 20 || file.infoHash.length !== 40) {
      throw new BitTorrentError(
        'bencode',
        `bencode: infoHash must be 40 hex characters (got ${JSON.stringify(file.infoHash)})`,
      );
    }
    assertCount(file.complete, 'complete');
    assertCount(file.downloaded, 'downloaded');
    assertCount(file.incomplete, 'incomplete');
    const counts = `d8:completei${file.complete}e10:downloadedi${file.downloaded}e10:incompletei${file.incomplete}ee`;
    return { rawHash, counts };
  });
  entries.sort((left, right) => Buffer.compare(left.rawHash, right.rawHash));
  const parts: Buffer[] = [Buffer.from('d5:filesd', 'latin1')];
  let previous: Buffer | undefined;
  for (const { rawHash, counts } of entries) {
    if (previous?.equals(rawHash)) continue;
    previous = rawHash;
    parts.push(Buffer.from('20:', 'latin1'), rawHash, Buffer.from(counts, 'latin1'));
  }
  parts.push(Buffer.from('ee', 'latin1'));
  return Buffer.concat(parts);
}
