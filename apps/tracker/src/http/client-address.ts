// Decides which address an announce is credited to: the connection's own, or the first
// X-Forwarded-For hop when (and only when) the connection comes from a trusted proxy.
// Client-supplied `ip`/`ipv4`/`ipv6` query parameters are never consulted (issue 3).
import { isIP } from 'node:net';

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

export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: ReadonlySet<string>,
): ClientAddress | undefined {
  const direct = remoteAddress === undefined ? undefined : normaliseAddress(remoteAddress);
  if (direct === undefined) return undefined;
  if (forwardedFor === undefined || trustedProxies.size === 0 || !trustedProxies.has(direct.ip)) return direct;
  const comma = forwardedFor.indexOf(',');
  const firstHop = (comma === -1 ? forwardedFor : forwardedFor.slice(0, comma)).trim();
  return normaliseAddress(firstHop) ?? direct;
}
