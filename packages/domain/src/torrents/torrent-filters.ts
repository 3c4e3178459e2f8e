// The browse filters (category, tag, freeleech, what I seed or leech) shared by the
// torrent list and search, and the tenant-wide freeleech event they have to respect:
// while it runs every torrent counts as freeleech, as the tracker credits it.
import { activeFreeleechEvent, parseTenantSettings, Prisma, queryInTenant } from '@swarmhost/db';

export interface TorrentFilters {
  /** A category's slug. */
  category?: string;
  tag?: string;
  freeleech?: boolean;
  mine?: 'seeding' | 'leeching';
}

// Tenant settings come from the site's short-lived tenant cache: one parse per object.
const parsedEvents = new WeakMap<object, ReturnType<typeof parseTenantSettings>['freeleechEvent']>();

/**
 * The download share the tenant's freeleech event waives right now (0 when none runs).
 * `settings` is the tenant's settings JSON; unreadable settings count as no event.
 */
export function freeleechEventPercent(settings: unknown, now: Date = new Date()): number {
  if (settings === null || typeof settings !== 'object') return 0;
  let event = parsedEvents.get(settings);
  if (!event) {
    try {
      event = parseTenantSettings(settings).freeleechEvent;
    } catch {
      return 0;
    }
    parsedEvents.set(settings, event);
  }
  const active = activeFreeleechEvent({ freeleechEvent: event } as Parameters<typeof activeFreeleechEvent>[0], now);
  return active ? active.percent : 0;
}

/** The most torrents a "mine" filter narrows a search to (a member's active swarms). */
export const MAX_ACTIVE_TORRENTS = 5000;

/**
 * The "mine" filter as SQL: the member's histories (alias `h`) with a peer in the
 * swarm right now, seeding or leeching. The list uses it as a sub-select, the search
 * reads the torrent ids it names.
 */
export function memberSwarmsSql(tenantId: string, memberId: string, mine: 'seeding' | 'leeching'): Prisma.Sql {
  return Prisma.sql`histories h
      WHERE h.tenant_id = ${tenantId}::uuid AND h.member_id = ${memberId}::uuid
        AND h.active AND h.seeding = ${mine === 'seeding'}`;
}

/** Torrents the member is seeding (or leeching) right now, newest activity first. */
export async function activeTorrentIds(tenantId: string, memberId: string, mine: 'seeding' | 'leeching'): Promise<string[]> {
  const rows = await queryInTenant<{ id: string }>(
    tenantId,
    Prisma.sql`
      SELECT h.torrent_id::text AS id FROM ${memberSwarmsSql(tenantId, memberId, mine)}
      ORDER BY h.last_announce_at DESC NULLS LAST
      LIMIT ${MAX_ACTIVE_TORRENTS}`,
  );
  return rows.map((row) => row.id);
}
