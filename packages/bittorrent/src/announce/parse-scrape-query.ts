// Parses a BEP 48 scrape query string: one or more `info_hash` parameters, nothing else
// matters. Swarmhost never serves a full scrape (all torrents), so at least one is required.

import { badRequest, decodeBinary20AsHex, endOfPair, nextEquals } from './query-scanner.js';

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
  let equalsAt = -1;
  while (nameStart < length) {
    const valueEnd = endOfPair(rawQuery, nameStart);
    equalsAt = nextEquals(rawQuery, nameStart, equalsAt);
    const nameEnd = equalsAt < valueEnd ? equalsAt : valueEnd;
    const valueStart = nameEnd < valueEnd ? nameEnd + 1 : valueEnd;
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
