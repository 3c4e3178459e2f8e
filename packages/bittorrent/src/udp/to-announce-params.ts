// Normalises a BEP 15 UDP announce into the transport-free AnnounceParams, taking the
// passkey from BEP 41 URL data (`/<passkey>/announce`; any query string is ignored).

import { passkeyFromPath } from '../announce/passkey-path.js';
import type { AnnounceParams } from '../announce/types.js';
import { BitTorrentError } from '../errors.js';
import type { UdpAnnounceRequest } from './parse-request.js';
import { udpError } from './parse-request.js';

export interface UdpAnnounce {
  readonly params: AnnounceParams;
  /** 32 lowercase hex characters. */
  readonly passkey: string;
}

/**
 * UDP peers are always compact and carry no peer ids, so `compact` is true and
 * `noPeerId` true; `key` becomes 8 lowercase hex characters. Throws
 * BitTorrentError('udp') for a missing or malformed passkey or port 0.
 */
export function udpAnnounceToParams(request: UdpAnnounceRequest): UdpAnnounce {
  if (request.urlData === '') {
    throw udpError(
      'missing passkey: announce to udp://<tracker>/<passkey>/announce (BEP 41 URL data)',
    );
  }
  let passkey: string;
  try {
    const path = passkeyFromPath(request.urlData);
    if (path.action !== 'announce') throw udpError('URL data must be /<passkey>/announce');
    passkey = path.passkey;
  } catch (error) {
    if (error instanceof BitTorrentError && error.code === 'bad_request')
      throw udpError(error.message);
    throw error;
  }
  if (request.port === 0) throw udpError('invalid port (must be an integer from 1 to 65535)', 96);
  const params: AnnounceParams = {
    infoHash: request.infoHash,
    peerId: request.peerId,
    port: request.port,
    uploaded: request.uploaded,
    downloaded: request.downloaded,
    left: request.left,
    event: request.event,
    numwant: request.numWant,
    key: request.key.toString(16).padStart(8, '0'),
    compact: true,
    noPeerId: true,
    trackerId: undefined,
  };
  return { params, passkey };
}
