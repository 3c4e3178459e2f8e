// Reverse proxies whose X-Forwarded-For hop may name the client: exact addresses or
// CIDR ranges, IPv4 and IPv6. A load balancer's nodes change address inside their
// subnets, so a deployment names the subnets (WEB_TRUSTED_PROXIES=10.0.0.0/24,...).
import { BlockList, isIP } from 'node:net';

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) → "10.0.0.1"; undefined if not an address. */
function parseAddress(address: string): { ip: string; type: 'ipv4' | 'ipv6' } | undefined {
  const unmapped = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  const family = isIP(unmapped);
  if (family === 4) return { ip: unmapped, type: 'ipv4' };
  if (family === 6) return { ip: unmapped.toLowerCase(), type: 'ipv6' };
  return undefined;
}

export class TrustedProxies {
  private readonly list = new BlockList();
  private readonly size: number;

  /** Throws naming the first entry that is neither an address nor a CIDR range. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', prefix, extra] = entry.trim().split('/');
      const parsed = parseAddress(address);
      const bits = prefix === undefined ? undefined : Number(prefix);
      const maxBits = parsed?.type === 'ipv4' ? 32 : 128;
      if (parsed === undefined || extra !== undefined || (bits !== undefined && (!/^\d{1,3}$/.test(prefix ?? '') || bits > maxBits))) {
        throw new Error(`"${entry}" is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8, fd00::/8)`);
      }
      if (bits === undefined) this.list.addAddress(parsed.ip, parsed.type);
      else this.list.addSubnet(parsed.ip, bits, parsed.type);
    }
    this.size = entries.length;
  }

  /** Whether a connection from `address` (any textual form, IPv4-mapped included) is a trusted proxy. */
  has(address: string): boolean {
    if (this.size === 0) return false;
    const parsed = parseAddress(address.trim());
    return parsed !== undefined && this.list.check(parsed.ip, parsed.type);
  }
}
