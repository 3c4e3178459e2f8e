// The memory store's peers in PostgreSQL (issue 10): each drained batch's changed peers
// are upserted and its removed peers deleted in the batch's own transaction, so a
// credited delta and the base it was computed from commit together; a starting worker
// loads them back, so a restart or a crash keeps the swarms and each peer's next
// announce is credited against the totals last persisted for it.
import { parseTenantSettings } from '@swarmhost/db';
import type { MemoryStore, PeerChanges, PersistedPeer } from '@swarmhost/tracker-core';
import type pg from 'pg';
import { arrayLiteral } from './array-literal';

const DELETE_PEERS = `
  DELETE FROM peers p
  USING unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS r(tenant_id, info_hash, member_id, peer_id), torrents t
  WHERE t.tenant_id = r.tenant_id AND t.info_hash = r.info_hash
    AND p.tenant_id = r.tenant_id AND p.torrent_id = t.id AND p.member_id = r.member_id AND p.peer_id = r.peer_id`;

// Peers of torrents or members deleted meanwhile are skipped by the joins.
const UPSERT_PEERS = `
  WITH r AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::inet[], $6::int[], $7::inet[], $8::int[],
      $9::bigint[], $10::bigint[], $11::bigint[], $12::bool[], $13::bool[], $14::bool[], $15::float8[])
    AS r(tenant_id, info_hash, member_id, peer_id, ipv4, port_v4, ipv6, port_v6, left_bytes, uploaded, downloaded,
      seeding, partial, completion_counted, updated_ms)
  )
  INSERT INTO peers AS p (tenant_id, torrent_id, member_id, peer_id, ipv4, port_v4, ipv6, port_v6, "left", uploaded,
      downloaded, seeding, partial, completion_counted, updated_at)
  SELECT r.tenant_id, t.id, r.member_id, r.peer_id, r.ipv4, r.port_v4, r.ipv6, r.port_v6, r.left_bytes, r.uploaded,
      r.downloaded, r.seeding, r.partial, r.completion_counted, to_timestamp(r.updated_ms / 1000.0)
  FROM r
  JOIN torrents t ON t.tenant_id = r.tenant_id AND t.info_hash = r.info_hash
  JOIN members m ON m.id = r.member_id AND m.tenant_id = r.tenant_id
  ON CONFLICT (tenant_id, torrent_id, member_id, peer_id) DO UPDATE SET
    ipv4 = excluded.ipv4, port_v4 = excluded.port_v4, ipv6 = excluded.ipv6, port_v6 = excluded.port_v6,
    "left" = excluded."left", uploaded = excluded.uploaded, downloaded = excluded.downloaded,
    seeding = excluded.seeding, partial = excluded.partial, completion_counted = excluded.completion_counted,
    updated_at = excluded.updated_at`;

/** Writes a batch's peer changes on the batch's open transaction. */
export async function writePeerChanges(client: pg.PoolClient, changes: PeerChanges | undefined): Promise<void> {
  if (changes === undefined) return;
  const { removed, upserted } = changes;
  if (removed.length > 0) {
    await client.query(DELETE_PEERS, [
      arrayLiteral(removed.map((peer) => peer.tenantId)),
      arrayLiteral(removed.map((peer) => peer.infoHash)),
      arrayLiteral(removed.map((peer) => peer.memberId)),
      arrayLiteral(removed.map((peer) => peer.peerId)),
    ]);
  }
  if (upserted.length > 0) {
    await client.query(UPSERT_PEERS, [
      arrayLiteral(upserted.map((peer) => peer.tenantId)),
      arrayLiteral(upserted.map((peer) => peer.infoHash)),
      arrayLiteral(upserted.map((peer) => peer.memberId)),
      arrayLiteral(upserted.map((peer) => peer.peerId)),
      arrayLiteral(upserted.map((peer) => peer.ipv4 ?? null)),
      arrayLiteral(upserted.map((peer) => peer.portV4 ?? null)),
      arrayLiteral(upserted.map((peer) => peer.ipv6 ?? null)),
      arrayLiteral(upserted.map((peer) => peer.portV6 ?? null)),
      arrayLiteral(upserted.map((peer) => peer.left)),
      arrayLiteral(upserted.map((peer) => peer.uploaded)),
      arrayLiteral(upserted.map((peer) => peer.downloaded)),
      arrayLiteral(upserted.map((peer) => peer.seeding)),
      arrayLiteral(upserted.map((peer) => peer.partial)),
      arrayLiteral(upserted.map((peer) => peer.completionCounted)),
      arrayLiteral(upserted.map((peer) => peer.lastAnnounceMs)),
    ]);
  }
}

interface PeerRow {
  tenant_id: string;
  info_hash: string;
  member_id: string;
  peer_id: string;
  ipv4: string | null;
  port_v4: number | null;
  ipv6: string | null;
  port_v6: number | null;
  left: number;
  uploaded: number;
  downloaded: number;
  seeding: boolean;
  partial: boolean;
  completion_counted: boolean;
  updated_ms: number;
}

/**
 * Loads the persisted peers of the swarms this worker owns (`owns`; every peer when it
 * is alone) into `store`, oldest announce first, each tenant's peer TTL from its
 * settings. Returns how many peers were restored.
 */
export async function loadPeers(pool: pg.Pool, store: MemoryStore, owns?: (tenantId: string, infoHash: string) => boolean): Promise<number> {
  const tenants = await pool.query<{ id: string; settings: unknown }>(
    'SELECT id, settings FROM tenants WHERE id IN (SELECT DISTINCT tenant_id FROM peers)',
  );
  const ttlSeconds = new Map<string, number>();
  for (const tenant of tenants.rows) {
    let settings;
    try {
      settings = parseTenantSettings(tenant.settings);
    } catch {
      settings = parseTenantSettings({});
    }
    ttlSeconds.set(tenant.id, settings.peerTtlSeconds);
  }
  const { rows } = await pool.query<PeerRow>(
    `SELECT p.tenant_id, t.info_hash, p.member_id, p.peer_id, host(p.ipv4) AS ipv4, p.port_v4, host(p.ipv6) AS ipv6, p.port_v6,
       p."left"::float8 AS "left", p.uploaded::float8 AS uploaded, p.downloaded::float8 AS downloaded,
       p.seeding, p.partial, p.completion_counted, (extract(epoch FROM p.updated_at) * 1000)::float8 AS updated_ms
     FROM peers p JOIN torrents t ON t.id = p.torrent_id
     ORDER BY p.updated_at`,
  );
  const mine = owns === undefined ? rows : rows.filter((row) => owns(row.tenant_id, row.info_hash));
  const peers: PersistedPeer[] = mine.map((row) => ({
    tenantId: row.tenant_id,
    infoHash: row.info_hash,
    memberId: row.member_id,
    peerId: row.peer_id,
    ...(row.ipv4 === null || row.port_v4 === null ? {} : { ipv4: row.ipv4, portV4: row.port_v4 }),
    ...(row.ipv6 === null || row.port_v6 === null ? {} : { ipv6: row.ipv6, portV6: row.port_v6 }),
    left: row.left,
    uploaded: row.uploaded,
    downloaded: row.downloaded,
    seeding: row.seeding,
    partial: row.partial,
    completionCounted: row.completion_counted,
    lastAnnounceMs: Math.round(row.updated_ms),
  }));
  return store.restorePeers(peers, (tenantId) => ttlSeconds.get(tenantId) ?? parseTenantSettings({}).peerTtlSeconds);
}
