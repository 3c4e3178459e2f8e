// What browsers and the real-time gateway say to each other beyond the tracker's
// events: request names, the acknowledgement shape, and the gateway's extra rooms.
import { rooms } from './rooms';

/** Client → gateway requests; each is answered through a Socket.io acknowledgement. */
export const GATEWAY_REQUESTS = {
  subscribeTorrents: 'subscribe:torrent',
  unsubscribeTorrents: 'unsubscribe:torrent',
  subscribeBrowse: 'subscribe:browse',
  chatRooms: 'chat:rooms',
  chatJoin: 'chat:join',
  chatLeave: 'chat:leave',
  chatHistory: 'chat:history',
  chatSend: 'chat:send',
  chatDelete: 'chat:delete',
  chatMute: 'chat:mute',
  notificationsList: 'notifications:list',
  notificationsRead: 'notifications:read',
  dashboardHistory: 'dashboard:history',
  /** { token }: a fresh token of the same login, sent before the current one expires; answers { expiresAt }. */
  authRefresh: 'auth:refresh',
} as const;

export type GatewayErrorCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'TOO_MANY_REQUESTS' | 'INTERNAL';

/** Every acknowledgement: a result, or an error whose message says what to do. */
export type GatewayAck<Result> =
  | ({ ok: true } & Result)
  | { ok: false; error: { code: GatewayErrorCode; message: string; retryAfterMs?: number } };

/**
 * Sent to each new connection through the gateways' stream, so the client holds a
 * stream offset at once and can have its session recovered after a brief disconnect
 * even if nothing else reached it yet (payload: {}; clients need not listen).
 */
export const SESSION_OFFSET_EVENT = 'session:offset';

/** Rooms only the gateway fills (it relays tracker events into them). */
export const gatewayRooms = {
  ...rooms,
  /** Every swarm update of one tenant, for browse lists that show many torrents. */
  tenantSwarms: (tenantId: string) => `tenant:${tenantId}:swarms`,
} as const;

/** The minimal emitting surface shared by a Socket.io server and @socket.io/redis-emitter. */
export interface LiveEmitter {
  to(room: string | string[]): { emit(event: string, ...args: unknown[]): unknown };
}
