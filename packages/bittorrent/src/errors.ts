// The single error type this package throws, so callers can tell a malformed input
// (answer with a failure reason, log at warn) from a bug (crash loudly).

/**
 * What kind of input was wrong:
 * - `bencode`: bytes that are not valid (canonical) bencode;
 * - `metainfo`: a .torrent that decodes but breaks BEP 3 rules;
 * - `unsupported`: valid input we deliberately refuse (v2/hybrid torrents);
 * - `bad_request`: an HTTP announce/scrape request a client got wrong;
 * - `udp`: a BEP 15 packet that is short, garbled or from the wrong protocol.
 */
export type BitTorrentErrorCode = 'bencode' | 'metainfo' | 'unsupported' | 'bad_request' | 'udp';

export class BitTorrentError extends Error {
  override readonly name = 'BitTorrentError';
  readonly code: BitTorrentErrorCode;
  /** Byte offset in the input where the problem was found, when that is meaningful. */
  readonly offset: number | undefined;

  constructor(code: BitTorrentErrorCode, message: string, offset?: number) {
    super(message);
    this.code = code;
    this.offset = offset;
  }
}

export function isBitTorrentError(error: unknown): error is BitTorrentError {
  return error instanceof BitTorrentError;
}
