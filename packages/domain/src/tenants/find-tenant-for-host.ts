// Which tenant a request's Host belongs to: a sub-domain slug or a custom domain from
// tenant_hosts. Read with the application role (tenants, hosts and plans are readable
// there). It carries the plan's search budget, so the site checks a search against it
// from its cached site (search-guard.ts) without another query.
import { appClient, parsePlanLimits } from '@swarmhost/db';

export interface SiteTenant {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  suspendedReason: string | null;
  settings: unknown;
  /** The plan's searches a second, or this tenant's own exception (tenants.plan_limits). */
  searchesPerSecond: number;
}

const select = {
  id: true,
  slug: true,
  name: true,
  status: true,
  suspendedReason: true,
  settings: true,
  planLimits: true,
  plan: { select: { searchesPerSecond: true } },
} as const;

type Row = Omit<SiteTenant, 'searchesPerSecond'> & { planLimits: unknown; plan: { searchesPerSecond: number } };

/** A valid exception in plan_limits wins over the plan; a broken blob grants none. */
function searchesPerSecond(row: Row): number {
  const limits = row.planLimits;
  if (limits !== null && typeof limits === 'object' && !Array.isArray(limits) && 'searchesPerSecond' in limits) {
    try {
      return parsePlanLimits(limits).searchesPerSecond;
    } catch {
      // fall through to the plan's
    }
  }
  return row.plan.searchesPerSecond;
}

function siteTenant(row: Row | null | undefined): SiteTenant | null {
  if (!row) return null;
  const { planLimits: _limits, plan: _plan, ...tenant } = row;
  return { ...tenant, searchesPerSecond: searchesPerSecond(row) };
}

export async function findTenantForHost(lookup: { slug: string } | { hostname: string }): Promise<SiteTenant | null> {
  const db = appClient();
  if ('slug' in lookup) return siteTenant(await db.tenant.findUnique({ where: { slug: lookup.slug }, select }));
  const host = await db.tenantHost.findUnique({ where: { host: lookup.hostname.toLowerCase() }, select: { tenant: { select } } });
  return siteTenant(host?.tenant);
}
