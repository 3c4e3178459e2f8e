// Notifications over the socket: the stored list (paged) and marking read. New ones
// arrive in the member's room, which every member socket joins on connect.
import { listNotifications, markNotificationsRead } from '@swarmhost/domain';
import { GATEWAY_REQUESTS, type LiveEmitter } from '@swarmhost/events';
import { z } from 'zod';
import type { Logger } from './log';
import { handleRequest, tenantOf } from './requests';
import type { GatewaySocket } from './socket-types';

const listInput = z.object({ before: z.uuid().optional() });
const readInput = z.object({ ids: z.array(z.uuid()).max(500).optional() });

export function registerNotificationHandlers(socket: GatewaySocket, options: { emitter: LiveEmitter; log: Logger }): void {
  handleRequest(socket, options.log, GATEWAY_REQUESTS.notificationsList, listInput, async (input) => {
    const tenantId = tenantOf(socket);
    return listNotifications({ tenantId, memberId: socket.data.identity.memberId, before: input.before });
  });

  handleRequest(socket, options.log, GATEWAY_REQUESTS.notificationsRead, readInput, async (input) => {
    const tenantId = tenantOf(socket);
    const unread = await markNotificationsRead({ tenantId, memberId: socket.data.identity.memberId, ids: input.ids, emitter: options.emitter });
    return { unread };
  });
}
