// Which tenant a request's Host belongs to: a sub-domain slug or a custom domain from
// tenant_hosts. Read with the application role (tenants and hosts are readable there).
import { appClient } from '@swarmhost/db';

export interface SiteTenant {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  suspendedReason: string | null;
  settings: unknown;
}

const select = { id: true, slug: true, name: true, status: true, suspendedReason: true, settings: true } as const;

export async function findTenantForHost(lookup: { slug: string } | { hostname: string }): Promise<SiteTenant | null> {
  const db = appClient();
  if ('slug' in lookup) return db.tenant.findUnique({ where: { slug: lookup.slug }, select });
  const host = await db.tenantHost.findUnique({ where: { host: lookup.hostname.toLowerCase() }, select: { tenant: { select } } });
  return host?.tenant ?? null;
}
