// The typed Socket.io server of the gateway: what each connected socket carries after
// its token was verified (never anything the client chose).
import type { RealtimeRole } from '@swarmhost/auth/realtime-token';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';

export interface SocketIdentity {
  /** null for operators. */
  tenantId: string | null;
  memberId: string;
  role: RealtimeRole;
}

export interface SocketData {
  identity: SocketIdentity;
  /** When the socket's token (the latest refreshed one) expires, ms since the epoch: the socket ends then. */
  expiresAtMs: number;
  /** When the site signed that token, ms since the epoch. */
  issuedAtMs: number;
  /** Torrent and chat rooms this socket asked to follow (bounded). */
  followed: Set<string>;
  /** Requests in the current ten-second window, to stop a flooding client. */
  requestWindow: { startedAt: number; count: number };
}

export type GatewayServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
export type GatewaySocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
