// BEP 15 connection ids without server state: an id is a keyed hash of the client's
// address and the current time window, so any worker can check it and spoofed
// source addresses cannot announce (they never see the connect response).

import { createHash, timingSafeEqual } from 'node:crypto';
import { BitTorrentError } from '../errors.js';
import { CONNECTION_ID_BYTES } from './protocol.js';
import { sipHash24 } from './siphash.js';

export const CONNECTION_ID_WINDOW_MS = 2 * 60 * 1000;
const MIN_SECRET_BYTES = 16;
/** Window (6 bytes) + port (2 bytes) + the longest textual IP address, with room to spare. */
const MESSAGE_CAPACITY = 8 + 64;

export interface ConnectionIdIssuer {
  /** An 8-byte id for this client address, valid for the current and the next window. */
  issue(ip: string, port: number): Buffer;
  /** True when `connectionId` was issued to this address in this window or the previous one. */
  verify(connectionId: Uint8Array, ip: string, port: number): boolean;
}

/**
 * Issues ids as SipHash-2-4(key, window ‖ port ‖ ip), where window = floor(clock() /
 * 2 min) and key is derived from `secret`. An id therefore lives between 2 and 4
 * minutes, at least the 2 minutes BEP 15 lets a client use it. Every tracker worker
 * must share `secret` (at least 16 random bytes); `clock` returns milliseconds.
 */
export function createConnectionIdIssuer(
  secret: Uint8Array,
  clock: () => number,
  windowMs: number = CONNECTION_ID_WINDOW_MS,
): ConnectionIdIssuer {
  if (secret.length < MIN_SECRET_BYTES) {
    throw new BitTorrentError(
      'udp',
      `connection id secret must be at least ${MIN_SECRET_BYTES} bytes (got ${secret.length})`,
    );
  }
  const key = createHash('sha256').update(secret).digest().subarray(0, 16);
  const message = Buffer.alloc(MESSAGE_CAPACITY);

  function idFor(window: number, ip: string, port: number): Buffer {
    if (8 + ip.length > MESSAGE_CAPACITY) return Buffer.alloc(CONNECTION_ID_BYTES); // never a real address
    message.writeUIntBE(window, 0, 6); // 48 bits hold any window of a real clock
    message.writeUInt16BE(port & 0xffff, 6);
    const ipBytes = message.write(ip, 8, 'latin1');
    return sipHash24(key, message, 8 + ipBytes);
  }

  const currentWindow = (): number => Math.floor(clock() / windowMs);

  return {
    issue: (ip, port) => idFor(currentWindow(), ip, port),
    verify(connectionId, ip, port) {
      if (connectionId.length !== CONNECTION_ID_BYTES) return false;
      const window = currentWindow();
      if (timingSafeEqual(idFor(window, ip, port), connectionId)) return true;
      return window > 0 && timingSafeEqual(idFor(window - 1, ip, port), connectionId);
    },
  };
}
