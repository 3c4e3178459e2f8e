// Parses a BEP 48 scrape query string: one or more `info_hash` parameters, nothing else
// matters. Swarmhost never serves a full scrape (all torrents), so at least one is required.

import { badRequest, decodeBinary20AsHex, endOfName, endOfValue } from './query-scanner.js';

/** More than this many hashes in one scrape is refused, which bounds the work per request. */
export const MAX_SCRAPE_INFO_HASHES = 100;

/**
 * Returns the requested info hashes as 40 lowercase hex characters each, de-duplicated
 * and in first-seen order. Throws BitTorrentError('bad_request') naming the problem.
 */
export function parseScrapeQuery(
  rawQuery: string,
  maxInfoHashes = MAX_SCRAPE_INFO_HASHES,
): string[] {
  const infoHashes: string[] = [];
  let occurrences = 0;
  const length = rawQuery.length;
  let nameStart = 0;
  while (nameStart < length) {
    const nameEnd = endOfName(rawQuery, nameStart);
    const hasValue = nameEnd < length && rawQuery.charCodeAt(nameEnd) === 0x3d; /* '=' */
    const valueStart = hasValue ? nameEnd + 1 : nameEnd;
    const valueEnd = hasValue ? endOfValue(rawQuery, valueStart) : nameEnd;
    if (nameEnd - nameStart === 9 && rawQuery.startsWith('info_hash', nameStart)) {
      occurrences += 1;
      if (occurrences > maxInfoHashes) {
        throw badRequest(`too many info_hash parameters (at most ${maxInfoHashes} per scrape)`);
      }
      const infoHash = decodeBinary20AsHex(rawQuery, valueStart, valueEnd, 'info_hash');
      if (!infoHashes.includes(infoHash)) infoHashes.push(infoHash);
    }
    nameStart = valueEnd + 1;
  }
  if (infoHashes.length === 0) throw badRequest('missing info_hash (full scrape is not supported)');
  return infoHashes;
}
