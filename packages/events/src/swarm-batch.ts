// The tracker's swarm figures of one second travel as one server-side emit per batch
// (Redis pub/sub, no stream entry) instead of one broadcast per changed torrent; every
// gateway process hands each update to its own sockets in the torrent's room and the
// tenant's browse room as the SWARM_UPDATE_EVENT pages already listen to.
import { TENANT_STATS_EVENT, type SwarmUpdate, type TenantAnnounceStats } from './tracker-events';

export const SWARM_BATCH_EVENT = 'swarm:batch';
/** Updates per server-side emit; a larger batch is split so one Redis message stays well under a megabyte. */
export const SWARM_BATCH_MAX_UPDATES = 2000;

export interface SwarmBatch {
  updates: SwarmUpdate[];
}

/** What can reach every gateway process: `createEmitter(redis)` from `@swarmhost/events/emitter`. */
export interface ServerSideEmitter {
  serverSideEmit(event: string, ...args: unknown[]): unknown;
}

/** Sends `updates` (any tenants, at most one per torrent) to every gateway; nothing is sent for none. */
export function publishSwarmBatch(emitter: ServerSideEmitter, updates: readonly SwarmUpdate[]): void {
  for (let start = 0; start < updates.length; start += SWARM_BATCH_MAX_UPDATES) {
    const batch: SwarmBatch = { updates: updates.slice(start, start + SWARM_BATCH_MAX_UPDATES) };
    emitter.serverSideEmit(SWARM_BATCH_EVENT, batch);
  }
}

/**
 * Sends one tenant's announce statistics of one second to every gateway, whose
 * dashboard recorder turns them into chart points (no browser receives them as such).
 */
export function publishTenantStats(emitter: ServerSideEmitter, stats: TenantAnnounceStats): void {
  emitter.serverSideEmit(TENANT_STATS_EVENT, stats);
}

export function isSwarmUpdate(value: unknown): value is SwarmUpdate {
  if (typeof value !== 'object' || value === null) return false;
  const update = value as Record<string, unknown>;
  return (
    typeof update.tenantId === 'string' &&
    typeof update.torrentId === 'string' &&
    typeof update.infoHash === 'string' &&
    typeof update.seeders === 'number' &&
    typeof update.leechers === 'number' &&
    typeof update.timesCompleted === 'number' &&
    typeof update.at === 'number'
  );
}

/** The well-formed updates of a received batch (a malformed entry is skipped, never thrown on). */
export function swarmBatchUpdates(batch: unknown): SwarmUpdate[] {
  const updates = (batch as Partial<SwarmBatch> | null | undefined)?.updates;
  return Array.isArray(updates) ? updates.filter(isSwarmUpdate) : [];
}

