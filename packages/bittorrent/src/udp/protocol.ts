// Wire constants of the BEP 15 UDP tracker protocol and BEP 41 announce options.

import type { AnnounceEvent } from '../announce/types.js';

/** The magic constant a connect request must carry (0x41727101980). */
export const UDP_PROTOCOL_ID = 0x41727101980n;

export const UdpAction = { connect: 0, announce: 1, scrape: 2, error: 3 } as const;

export const CONNECT_REQUEST_BYTES = 16;
export const ANNOUNCE_REQUEST_BYTES = 98;
export const SCRAPE_REQUEST_HEADER_BYTES = 16;
export const CONNECTION_ID_BYTES = 8;

/** BEP 41 option types; any other type carries a length byte and is skipped. */
export const UdpOption = { endOfOptions: 0x0, nop: 0x1, urlData: 0x2 } as const;

/**
 * BEP 15 event codes: 0 none, 1 completed, 2 started, 3 stopped. Code 4 (`paused`)
 * is not in BEP 15; libtorrent sends it for BEP 21 paused torrents, so it is accepted.
 */
export const UDP_EVENTS: readonly AnnounceEvent[] = [
  'none',
  'completed',
  'started',
  'stopped',
  'paused',
];

export function udpEventCode(event: AnnounceEvent): number {
  return UDP_EVENTS.indexOf(event);
}
