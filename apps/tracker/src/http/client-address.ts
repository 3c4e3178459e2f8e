// Decides which address an announce is credited to: the connection's own, or, when the
// connection comes from a trusted proxy, the rightmost X-Forwarded-For address that is
// not itself a trusted proxy (every proxy appends its peer, so everything left of that
// is whatever the client chose to send). Client-supplied `ip`/`ipv4`/`ipv6` query
// parameters are never consulted (issue 3).
import { BlockList, isIP } from 'node:net';

export interface ClientAddress {
  readonly ip: string;
  readonly family: 4 | 6;
}

/** Strips the IPv4-mapped IPv6 prefix so an IPv4 peer is stored and handed out as IPv4. */
export function normaliseAddress(address: string): ClientAddress | undefined {
  const unmapped = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  const family = isIP(unmapped);
  if (family === 4) return { ip: unmapped, family: 4 };
  if (family === 6) return { ip: unmapped.toLowerCase(), family: 6 };
  return undefined;
}

/** Addresses and CIDR ranges (IPv4 and IPv6) of the proxies in front of the tracker. */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  /** Throws naming the first entry that is neither an address nor a CIDR range. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', prefix, extra] = entry.trim().split('/');
      const parsed = normaliseAddress(address);
      const bits = prefix === undefined ? undefined : Number(prefix);
      const maxBits = parsed?.family === 4 ? 32 : 128;
      if (parsed === undefined || extra !== undefined || (bits !== undefined && (!/^\d{1,3}$/.test(prefix ?? '') || bits > maxBits))) {
        throw new Error(`"${entry}" is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8, fd00::/8)`);
      }
      const type = parsed.family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) this.list.addAddress(parsed.ip, type);
      else this.list.addSubnet(parsed.ip, bits, type);
    }
    this.size = entries.length;
  }

  has(address: ClientAddress): boolean {
    return this.size > 0 && this.list.check(address.ip, address.family === 4 ? 'ipv4' : 'ipv6');
  }
}

/**
 * `forwardedFor` is every X-Forwarded-For line joined with commas, in order. Walks it
 * right to left past trusted proxies; the first other address is the client. A
 * malformed entry stops the walk at the last address known good (a trusted proxy).
 */
export function clientAddress(
  remote: ClientAddress,
  forwardedFor: string | undefined,
  trustedProxies: TrustedProxies,
): ClientAddress {
  if (forwardedFor === undefined || !trustedProxies.has(remote)) return remote;
  const hops = forwardedFor.split(',');
  let client = remote;
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index]!.trim();
    if (hop === '') continue;
    const address = normaliseAddress(hop);
    if (address === undefined) return client;
    client = address;
    if (!trustedProxies.has(address)) return address;
  }
  return client;
}
