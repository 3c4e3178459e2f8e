// BEP 15 connection ids without server state: an id is a keyed hash of the client's
// address and the current time window, so any worker can check it and spoofed
// source addresses cannot announce (they never see the connect response).

import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { BitTorrentError } from '../errors.js';
import { CONNECTION_ID_BYTES } from './protocol.js';

export const CONNECTION_ID_WINDOW_MS = 2 * 60 * 1000;
const MIN_SECRET_BYTES = 16;

export interface ConnectionIdIssuer {
  /** An 8-byte id for this client address, valid for the current and the next window. */
  issue(ip: string, port: number): Buffer;
  /** True when `connectionId` was issued to this address in this window or the previous one. */
  verify(connectionId: Uint8Array, ip: string, port: number): boolean;
}

/**
 * Issues ids as HMAC-SHA256(secret, window ‖ port ‖ ip) truncated to 8 bytes, where
 * window = floor(clock() / 2 min). An id therefore lives between 2 and 4 minutes,
 * at least the 2 minutes BEP 15 lets a client use it. Every tracker worker must share
 * `secret` (at least 16 random bytes); `clock` returns milliseconds.
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
  const key = createSecretKey(Buffer.from(secret));
  const header = Buffer.alloc(8);

  function idFor(window: number, ip: string, port: number): Buffer {
    header.writeUIntBE(window, 0, 6); // 48 bits hold any window of a real clock
    header.writeUInt16BE(port & 0xffff, 6);
    return createHmac('sha256', key)
      .update(header)
      .update(ip, 'utf8')
      .digest()
      .subarray(0, CONNECTION_ID_BYTES);
  }

  const currentWindow = (): number => Math.floor(clock() / windowMs);

  return {
    issue: (ip, port) => idFor(currentWindow(), ip, port),
    verify(connectionId, ip, port) {
      if (connectionId.length !== CONNECTION_ID_BYTES) return false;
      const window = currentWindow();
      // Check both windows every time so the timing does not reveal which one matched.
      const matchesCurrent = timingSafeEqual(idFor(window, ip, port), connectionId);
      const matchesPrevious =
        window > 0 && timingSafeEqual(idFor(window - 1, ip, port), connectionId);
      return matchesCurrent || matchesPrevious;
    },
  };
}
