// One BitTorrent announce (BEP 3, compact BEP 23) as a client sends it: the passkey in
// the path, the 20-byte info hash and peer id percent-encoded byte by byte.
import { check } from 'k6';
import http from 'k6/http';

function percentEncodeHex(hex: string): string {
  return hex.replace(/../g, (byte) => `%${byte.toUpperCase()}`);
}

function randomPeerId(): string {
  let hex = '';
  for (let index = 0; index < 12; index += 1) hex += Math.floor(Math.random() * 256).toString(16).padStart(2, '0');
  // "-k60001-" (Azureus style) then 12 random bytes.
  return `-k60001-${percentEncodeHex(hex)}`;
}

export interface AnnounceOptions {
  trackerUrl: string;
  passkey: string;
  infoHash: string;
  event?: 'started' | 'stopped' | 'completed';
  left?: number;
  peerId?: string;
}

export function newPeerId(): string {
  return randomPeerId();
}

/** Sends the announce and checks for a 200 bencoded answer without a failure reason. */
export function announce(options: AnnounceOptions): boolean {
  const port = 20000 + Math.floor(Math.random() * 40000);
  const query = [
    `info_hash=${percentEncodeHex(options.infoHash)}`,
    `peer_id=${options.peerId ?? randomPeerId()}`,
    `port=${port}`,
    'uploaded=0',
    'downloaded=0',
    `left=${options.left ?? 1048576}`,
    'compact=1',
    'numwant=50',
    ...(options.event ? [`event=${options.event}`] : []),
  ].join('&');
  const response = http.get(`${options.trackerUrl}/${options.passkey}/announce?${query}`, { tags: { name: 'announce' } });
  const body = typeof response.body === 'string' ? response.body : '';
  return check(response, {
    'announce answered 200': (answer) => answer.status === 200,
    'announce is a peer list, not a failure reason': () => body.startsWith('d') && !body.includes('14:failure reason'),
  });
}
