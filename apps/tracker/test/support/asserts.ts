// Assertions on bencoded tracker answers, so contract tests read as protocol rules.
import type { BencodeDict, BencodeValue } from '@swarmhost/bittorrent/bencode';
import { expect } from 'vitest';

export function text(value: BencodeValue | undefined): string {
  if (!Buffer.isBuffer(value)) throw new Error(`expected a byte string, got ${String(value)}`);
  return value.toString('utf8');
}

export function expectFailure(answer: BencodeDict, pattern: RegExp): void {
  expect(answer['failure reason'], `expected a failure, got ${JSON.stringify(Object.keys(answer))}`).toBeDefined();
  expect(text(answer['failure reason'])).toMatch(pattern);
}

export function expectSuccess(answer: BencodeDict): void {
  const reason = answer['failure reason'];
  expect(reason === undefined ? undefined : text(reason)).toBeUndefined();
  expect(typeof answer.interval).toBe('number');
}

/** IPv4 peers of a compact answer as "ip:port" strings (BEP 23). */
export function compactPeers(answer: BencodeDict): string[] {
  const peers = answer.peers;
  if (!Buffer.isBuffer(peers)) throw new Error('expected compact peers');
  const out: string[] = [];
  for (let offset = 0; offset + 6 <= peers.length; offset += 6) {
    out.push(`${peers[offset]}.${peers[offset + 1]}.${peers[offset + 2]}.${peers[offset + 3]}:${peers.readUInt16BE(offset + 4)}`);
  }
  return out;
}

/** Retries `probe` every 50 ms until it passes, failing with its last error after `withinMs`. */
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
