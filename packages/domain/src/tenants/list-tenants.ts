// Tenants with their member and torrent counts, for the console and CLI: every tenant,
// or (ownedBy) only those a console account owns or co-owns.
import type { DbClient } from '@swarmhost/db';

export interface TenantSummary {
  id: string;
  slug: string;
  name: string;
  status: string;
  members: number;
  torrents: number;
  createdAt: Date;
}

export async function listTenants(options: { db: DbClient; ownedBy?: string }): Promise<TenantSummary[]> {
  const tenants = await options.db.tenant.findMany({
    where: options.ownedBy === undefined ? {} : { owners: { some: { operatorId: options.ownedBy } } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      slug: true,
      name: true,
      status: true,
      createdAt: true,
      _count: { select: { members: true, torrents: true } },
    },
  });
  return tenants.map(({ _count, ...tenant }) => ({
    ...tenant,
    members: _count.members,
    torrents: _count.torrents,
  }));
}
