// Seeders, leechers and completions change with every tracker flush; sending each change
// would be a write per announce batch. Instead a scheduled job sends, tenant by tenant,
// the torrents whose counts changed since this process last sent them, in batches of
// partial documents (the indexer keeps what it sent). A tenant that fails is logged and
// the others go on; its counts are sent again next time.
import { systemClient } from '@swarmhost/db/system';
import type { Logger } from '@swarmhost/log';
import type { SearchIndexer } from '@swarmhost/search';

export interface SwarmCountsRefresh {
  tenants: number;
  torrentsSent: number;
  failedTenants: number;
}

export async function refreshSwarmCounts(options: { indexer: SearchIndexer; log: Logger }): Promise<SwarmCountsRefresh> {
  const tenants = await systemClient().tenant.findMany({ where: { status: 'active' }, select: { id: true }, orderBy: { id: 'asc' } });
  const result: SwarmCountsRefresh = { tenants: tenants.length, torrentsSent: 0, failedTenants: 0 };
  for (const tenant of tenants) {
    try {
      result.torrentsSent += await options.indexer.refreshSwarmCounts(tenant.id);
    } catch (error) {
      result.failedTenants += 1;
      options.log.error('search swarm counts: tenant not refreshed', { tenantId: tenant.id, error });
    }
  }
  if (result.failedTenants > 0) throw new Error(`search swarm counts: ${result.failedTenants} of ${result.tenants} tenants not refreshed (see the log)`);
  return result;
}
