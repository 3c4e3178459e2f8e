// Opening a dashboard: staff get their tenant's last 15 minutes, operators the
// platform-wide series or one tenant's; live points then arrive in the rooms joined
// at connect. A member's staff role is read from the database at the request.
import { GATEWAY_REQUESTS, PLATFORM_SERIES_ID } from '@swarmhost/events';
import { z } from 'zod';
import type { Logger } from '../log';
import { GatewayError, handleRequest } from '../requests';
import type { GatewaySocket } from '../socket-types';
import { currentRole } from '../standing';
import type { DashboardRecorder } from './dashboard-recorder';

const historyInput = z.object({ tenantId: z.string().max(64).optional() });

export function registerDashboardHandlers(socket: GatewaySocket, options: { recorder: DashboardRecorder; log: Logger }): void {
  handleRequest(socket, options.log, GATEWAY_REQUESTS.dashboardHistory, historyInput, async (input) => {
    const { role, tenantId } = socket.data.identity;
    if (role === 'operator') {
      const series = input.tenantId ?? PLATFORM_SERIES_ID;
      return { tenantId: series, points: await options.recorder.history(series) };
    }
    if (role !== 'staff' && role !== 'admin') throw new GatewayError('FORBIDDEN', 'the dashboard is for staff; ask an admin for access');
    if (tenantId === null) throw new GatewayError('FORBIDDEN', 'no community on this token');
    await currentRole(socket, options.log);
    return { tenantId, points: await options.recorder.history(tenantId) };
  });
}
