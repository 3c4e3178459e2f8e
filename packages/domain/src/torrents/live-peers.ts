// Where the site reads who is in a swarm right now: the `peers` table the tracker pool
// persists from its in-memory swarms with every ledger flush (a few seconds behind; a
// peer's `stopped` is written before the tracker answers it).
import { appClient, forTenant, parseTenantSettings, Prisma, queryInTenant } from '@swarmhost/db';
import { clientFromPeerId } from './peer-client';
import type { LivePeer } from './swarm-peers';

export interface PeerSummary {
  seeders: number;
  leechers: number;
  partialSeeds: number;
  /** Distinct members with a peer in the swarm. */
  members: number;
}

/** The tenant whose swarm is read; its settings (peer TTL) when the caller has them at hand. */
export interface PeerTenant {
  id: string;
  settings?: unknown;
}

export interface LivePeerSource {
  livePeers(tenant: PeerTenant, torrent: { id: string; infoHash: string }): Promise<LivePeer[]>;
  /** The counts alone (the torrent page's summary), without reading every peer where the store can. */
  summary(tenant: PeerTenant, torrent: { id: string; infoHash: string }): Promise<PeerSummary>;
}

async function peerTtlMs(tenant: PeerTenant): Promise<number> {
  const settings = tenant.settings ?? (await appClient().tenant.findUnique({ where: { id: tenant.id }, select: { settings: true } }))?.settings;
  try {
    return parseTenantSettings(settings ?? {}).peerTtlSeconds * 1000;
  } catch {
    return parseTenantSettings({}).peerTtlSeconds * 1000;
  }
}

/** The persisted peers; rows older than the tenant's peer TTL (not flushed since) are left out. */
export function postgresPeerSource(): LivePeerSource {
  const liveSince = async (tenant: PeerTenant) => new Date(Date.now() - (await peerTtlMs(tenant)));
  return {
    async livePeers(tenant, torrent) {
      const rows = await forTenant(tenant.id).peer.findMany({
        where: { torrentId: torrent.id, updatedAt: { gt: await liveSince(tenant) } },
        select: { memberId: true, peerId: true, seeding: true, partial: true },
      });
      return rows.map((row) => ({
        memberId: row.memberId,
        state: row.seeding ? ('seeding' as const) : row.partial ? ('partial' as const) : ('leeching' as const),
        client: clientFromPeerId(Buffer.from(row.peerId, 'hex')),
      }));
    },
    async summary(tenant, torrent) {
      const since = await liveSince(tenant);
      const [row] = await queryInTenant<{ seeders: number; leechers: number; partials: number; members: number }>(
        tenant.id,
        Prisma.sql`SELECT count(*) FILTER (WHERE seeding)::int AS seeders,
                          count(*) FILTER (WHERE NOT seeding AND NOT partial)::int AS leechers,
                          count(*) FILTER (WHERE NOT seeding AND partial)::int AS partials,
                          count(DISTINCT member_id)::int AS members
                   FROM peers WHERE tenant_id = ${tenant.id}::uuid AND torrent_id = ${torrent.id}::uuid AND updated_at > ${since}`,
      );
      return { seeders: row?.seeders ?? 0, leechers: row?.leechers ?? 0, partialSeeds: row?.partials ?? 0, members: row?.members ?? 0 };
    },
  };
}
