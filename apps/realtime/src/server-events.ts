// What other processes hand every gateway process once (server-side emits, Redis
// pub/sub): the tracker's swarm batches, relayed here to this process's own sockets
// only (io.local, no further Redis traffic), and its per-tenant announce statistics
// for the dashboard recorder; and, from the recording gateway, each second's dashboard points.
import {
  gatewayRooms,
  isTenantStats,
  SWARM_BATCH_EVENT,
  SWARM_UPDATE_EVENT,
  swarmBatchUpdates,
  TENANT_STATS_EVENT,
  type SwarmUpdate,
  type TenantAnnounceStats,
} from '@swarmhost/events';
import { DASHBOARD_RELAY_EVENT, deliverDashboardTickLocally, isDashboardTick } from './dashboard/dashboard-relay';
import type { GatewayServer } from './socket-types';

export interface TenantStatsListener {
  tenantStats(stats: TenantAnnounceStats): void;
}

/** Emits one update to this process's sockets following its torrent or its tenant's browse list (once each). */
export function relaySwarmUpdateLocally(io: GatewayServer, update: SwarmUpdate): void {
  const torrentRoom = gatewayRooms.torrent(update.tenantId, update.torrentId);
  const browseRoom = gatewayRooms.tenantSwarms(update.tenantId);
  const localRooms = io.of('/').adapter.rooms;
  const targets = [torrentRoom, browseRoom].filter((room) => localRooms.has(room));
  if (targets.length > 0) io.local.to(targets).emit(SWARM_UPDATE_EVENT, update);
}

/** Handles a server-side event, from the adapter or from a legacy @socket.io/redis-emitter. */
export function handleServerEvent(io: GatewayServer, listener: TenantStatsListener, event: unknown, payload: unknown): void {
  if (event === SWARM_BATCH_EVENT) {
    for (const update of swarmBatchUpdates(payload)) relaySwarmUpdateLocally(io, update);
  } else if (event === TENANT_STATS_EVENT && isTenantStats(payload)) {
    listener.tenantStats(payload);
  }
}

export function registerServerEvents(io: GatewayServer, listener: TenantStatsListener): void {
  io.on(SWARM_BATCH_EVENT, (batch: unknown) => handleServerEvent(io, listener, SWARM_BATCH_EVENT, batch));
  io.on(TENANT_STATS_EVENT, (stats: unknown) => handleServerEvent(io, listener, TENANT_STATS_EVENT, stats));
  io.on(DASHBOARD_RELAY_EVENT, (tick: unknown) => {
    if (isDashboardTick(tick)) deliverDashboardTickLocally(io, tick);
  });
}
