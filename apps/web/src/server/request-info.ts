// Who is asking, from the request headers: the Host (which site), the client address
// (last X-Forwarded-For hop: the one our own server or proxy appended, which a client
// cannot forge) and the user agent.
import type { RequestInfo } from '@swarmhost/api';

interface HeaderSource {
  get(name: string): string | null;
}

export function requestInfoFrom(headers: HeaderSource): RequestInfo {
  const forwarded = headers.get('x-forwarded-for') ?? '';
  const hops = forwarded.split(',').map((hop) => hop.trim()).filter(Boolean);
  return {
    host: (headers.get('host') ?? '').toLowerCase(),
    ip: hops.at(-1) ?? headers.get('x-real-ip') ?? '0.0.0.0',
    userAgent: headers.get('user-agent') ?? undefined,
  };
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
