// A minimal BitTorrent HTTP client for the tests: one announce, bdecoded.
import { randomBytes } from 'node:crypto';
import { decode, type BencodeDict } from '@swarmhost/bittorrent/bencode';

const percentEncodeHex = (hex: string) => hex.replace(/../g, (byte) => `%${byte}`);

/** A peer id with an Azureus-style client prefix, as hex. */
export function peerId(prefix = '-qB4630-'): string {
  return Buffer.from(prefix, 'latin1').toString('hex') + randomBytes(20 - prefix.length).toString('hex');
}

export interface AnnounceQuery {
  infoHash: string;
  peerId?: string;
  port?: number;
  uploaded?: number;
  downloaded?: number;
  left?: number;
  event?: 'started' | 'stopped' | 'completed';
}

export async function announce(trackerPort: number, passkey: string, query: AnnounceQuery): Promise<BencodeDict> {
  const parameters = [
    `info_hash=${percentEncodeHex(query.infoHash)}`,
    `peer_id=${percentEncodeHex(query.peerId ?? peerId())}`,
    `port=${query.port ?? 51413}`,
    `uploaded=${query.uploaded ?? 0}`,
    `downloaded=${query.downloaded ?? 0}`,
    `left=${query.left ?? 1000}`,
    'compact=1',
    ...(query.event ? [`event=${query.event}`] : []),
  ];
  const response = await fetch(`http://127.0.0.1:${trackerPort}/${passkey}/announce?${parameters.join('&')}`);
  if (response.status !== 200) throw new Error(`tracker answered HTTP ${response.status}`);
  return decode(new Uint8Array(await response.arrayBuffer())) as BencodeDict;
}

export function failureReason(answer: BencodeDict): string | null {
  const reason = answer['failure reason'];
  return Buffer.isBuffer(reason) ? reason.toString('utf8') : null;
}

/** Retries `probe` every 50 ms until it passes, failing after `withinMs`. */
export async function eventually(probe: () => Promise<void>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
