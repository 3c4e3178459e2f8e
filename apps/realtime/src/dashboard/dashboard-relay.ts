// The recording gateway hands each second's dashboard points to every gateway in one
// server-side emit (pub/sub), and each delivers them to its own sockets: one Redis
// message per second instead of one stream entry per tenant, so chart points never
// crowd chat and notifications out of the recovery stream. A dashboard that reconnects
// asks for its history again rather than having points replayed.
import { DASHBOARD_POINT_EVENT, DASHBOARD_TICK_EVENT, gatewayRooms, PLATFORM_SERIES_ID, type DashboardTick } from '@swarmhost/events';
import type { GatewayServer } from '../socket-types';

/** Gateway-to-gateway only; browsers never see this name. */
export const DASHBOARD_RELAY_EVENT = 'dashboard:relay';

export function isDashboardTick(value: unknown): value is DashboardTick {
  return typeof value === 'object' && value !== null && typeof (value as DashboardTick).at === 'number' && Array.isArray((value as DashboardTick).points);
}

/** Each tenant's point to its staff dashboards here, the whole tick to operators here. */
export function deliverDashboardTickLocally(io: GatewayServer, tick: DashboardTick): void {
  const localRooms = io.of('/').adapter.rooms;
  for (const point of tick.points) {
    if (point.tenantId === PLATFORM_SERIES_ID) continue;
    const room = gatewayRooms.tenantDashboard(point.tenantId);
    if (localRooms.has(room)) io.local.to(room).emit(DASHBOARD_POINT_EVENT, point);
  }
  if (localRooms.has(gatewayRooms.operators())) io.local.to(gatewayRooms.operators()).emit(DASHBOARD_TICK_EVENT, tick);
}

/** Delivers `tick` on this gateway and every other one. */
export function publishDashboardTick(io: GatewayServer, tick: DashboardTick): void {
  io.serverSideEmit(DASHBOARD_RELAY_EVENT, tick);
  deliverDashboardTickLocally(io, tick);
}
