// Which site a request is for, from its Host header: the operator console on the bare
// base host, a tenant on <slug>.<base host> or on one of its custom domains.
import { findTenantForHost, type SiteTenant } from '@swarmhost/domain';
import { singleFlight } from './single-flight';

export type HostKind = { kind: 'console' } | { kind: 'subdomain'; slug: string } | { kind: 'custom'; hostname: string };

/** Classifies a Host header (may carry a port) against BASE_DOMAIN (may carry a port). */
export function classifyHost(rawHost: string, baseDomain: string): HostKind {
  const host = rawHost.trim().toLowerCase().replace(/\.$/, '');
  const base = baseDomain.trim().toLowerCase();
  const withoutPort = (value: string) => value.replace(/:\d+$/, '');
  if (host === base || withoutPort(host) === withoutPort(base)) return { kind: 'console' };
  for (const suffix of [`.${base}`, `.${withoutPort(base)}`]) {
    const candidate = host.endsWith(suffix) ? host.slice(0, -suffix.length) : withoutPort(host).endsWith(suffix) ? withoutPort(host).slice(0, -suffix.length) : '';
    if (candidate && !candidate.includes('.')) return { kind: 'subdomain', slug: candidate };
  }
  return { kind: 'custom', hostname: withoutPort(host) };
}

export type Site =
  | { kind: 'console'; host: string }
  | { kind: 'tenant'; host: string; tenant: SiteTenant }
  | { kind: 'unknown'; host: string };

const CACHE_MS = 1000;
const cache = new Map<string, { site: Site; at: number }>();
const lookUpTenant = singleFlight(
  ({ kind }: { host: string; kind: Exclude<HostKind, { kind: 'console' }> }) => findTenantForHost(kind.kind === 'subdomain' ? { slug: kind.slug } : { hostname: kind.hostname }),
  ({ host }) => host,
);

/** Drops the cached sites of a tenant (its suspension or settings changed). */
export function forgetTenantSites(tenantId: string): void {
  for (const [host, entry] of cache) {
    if (entry.site.kind === 'tenant' && entry.site.tenant.id === tenantId) cache.delete(host);
  }
}

/** Drops every cached site (tests). */
export function clearSiteCache(): void {
  cache.clear();
}

/**
 * Resolves the site for a host. Cached for a second per process, so a suspension or
 * settings change shows on the next request after at most that long (at once where
 * the invalidation channel reaches the process: forgetTenantSites).
 */
export async function resolveSite(host: string, baseDomain: string): Promise<Site> {
  const hit = cache.get(host);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.site;
  const kind = classifyHost(host, baseDomain);
  if (kind.kind === 'console') return remember(host, { kind: 'console', host });
  // One look-up per host at a time (single-flight.ts): when the entry expires under
  // load, the requests in flight share one query instead of each taking a connection.
  const tenant = await lookUpTenant({ host, kind });
  return remember(host, tenant ? { kind: 'tenant', host, tenant } : { kind: 'unknown', host });
}

function remember(host: string, site: Site): Site {
  if (cache.size > 5000) cache.clear();
  cache.set(host, { site, at: Date.now() });
  return site;
}
