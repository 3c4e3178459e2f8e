// Who is asking: the Host (which site), the client address and the user agent. The
// address is the connection's own unless it comes from a trusted reverse proxy; then
// it is the last X-Forwarded-For hop, the one that proxy appended (a client cannot
// forge it). Next.js keeps a client's own X-Forwarded-For, so the header alone is not
// enough where the connection's address is known.
import type { RequestInfo } from '@swarmhost/api';
import { TrustedProxies } from '@swarmhost/config';

interface HeaderSource {
  get(name: string): string | null;
}

/** The connection the request came over, where the handler can see it. */
export interface RequestPeer {
  readonly address: string | undefined;
  /** Addresses and CIDR ranges (WEB_TRUSTED_PROXIES, checked at start). */
  readonly trustedProxies: readonly string[];
}

const proxySets = new WeakMap<readonly string[], TrustedProxies>();

/** The configuration's list is one array for the process's life: parsed once. */
function trustedSet(entries: readonly string[]): TrustedProxies {
  let set = proxySets.get(entries);
  if (set === undefined) {
    set = new TrustedProxies(entries);
    proxySets.set(entries, set);
  }
  return set;
}

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) → "10.0.0.1". */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function requestInfoFrom(headers: HeaderSource, peer?: RequestPeer): RequestInfo {
  const forwarded = headers.get('x-forwarded-for') ?? '';
  const hops = forwarded.split(',').map((hop) => hop.trim()).filter(Boolean);
  const peerAddress = peer?.address === undefined ? undefined : plainAddress(peer.address);
  const direct = peerAddress !== undefined && peer !== undefined && !trustedSet(peer.trustedProxies).has(peerAddress);
  return {
    host: (headers.get('host') ?? '').toLowerCase(),
    ip: direct ? peerAddress : (hops.at(-1) ?? headers.get('x-real-ip') ?? peerAddress ?? '0.0.0.0'),
    userAgent: headers.get('user-agent') ?? undefined,
  };
}

/** 127.0.0.0/8 or ::1 (IPv4-mapped forms included): a client on this very machine. */
export function isLoopbackAddress(address: string): boolean {
  const plain = plainAddress(address.trim().toLowerCase());
  return plain === '::1' || plain === '0:0:0:0:0:0:0:1' || /^127(\.\d{1,3}){3}$/.test(plain);
}

/** Mutations must come from a page of the same host: a cross-site form or fetch is refused. */
export function isSameOriginRequest(headers: HeaderSource): boolean {
  const host = headers.get('host');
  const origin = headers.get('origin');
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  if (!origin) return fetchSite === 'same-origin' || fetchSite === 'none' || fetchSite === null;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
