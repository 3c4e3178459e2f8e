// BEP 15 scrape packets carry no passkey, and guessing one from the source address is
// wrong on shared seedbox addresses and leaks figures across tenants. So a UDP scrape
// must carry the passkey as BEP 41 URL data after its info hashes, as announces do:
// <header 16 B><info hashes 20 B each><options: 0x2 len "/<passkey>/scrape" … 0x0>.
import { passkeyFromPath } from '@swarmhost/bittorrent/announce';

const HEADER_BYTES = 16;
const INFO_HASH_BYTES = 20;
const OPTION_END = 0x0;
const OPTION_NOP = 0x1;
const OPTION_URL_DATA = 0x2;

export interface ScrapeWithUrlData {
  /** The packet without its options: a plain BEP 15 scrape for the codec. */
  readonly scrape: Buffer;
  readonly passkey: string;
}

/** URL data of a BEP 41 options block that spans `options` exactly (or up to its end marker). */
function urlDataOf(options: Buffer): string | undefined {
  let urlData = '';
  let offset = 0;
  while (offset < options.length) {
    const type = options[offset]!;
    if (type === OPTION_END) return urlData;
    if (type === OPTION_NOP) {
      offset += 1;
      continue;
    }
    const length = options[offset + 1];
    if (length === undefined || offset + 2 + length > options.length) return undefined;
    if (type === OPTION_URL_DATA) urlData += options.toString('latin1', offset + 2, offset + 2 + length);
    offset += 2 + length;
  }
  return urlData;
}

function passkeyOf(urlData: string | undefined): string | undefined {
  if (urlData === undefined || urlData === '') return undefined;
  try {
    return passkeyFromPath(urlData).passkey;
  } catch {
    return undefined;
  }
}

/**
 * Splits a scrape datagram into its plain scrape and the passkey of its URL data.
 * The number of info hashes is not written anywhere, so the longest run of hashes
 * followed by options naming a valid passkey path wins. Undefined without URL data.
 */
export function splitScrapeUrlData(datagram: Buffer): ScrapeWithUrlData | undefined {
  const rest = datagram.length - HEADER_BYTES;
  for (let count = Math.floor(rest / INFO_HASH_BYTES); count >= 1; count -= 1) {
    const end = HEADER_BYTES + count * INFO_HASH_BYTES;
    if (end === datagram.length) continue;
    const passkey = passkeyOf(urlDataOf(datagram.subarray(end)));
    if (passkey !== undefined) return { scrape: datagram.subarray(0, end), passkey };
  }
  return undefined;
}
