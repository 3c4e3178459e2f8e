// Connection gate: a socket must present a valid, unexpired token signed by the web app;
// its tenant, member and role come only from that token. A refused handshake gets a
// connect_error whose message says what to do and whose data carries the reason code.
import { RealtimeTokenError, verifyRealtimeToken } from '@swarmhost/auth/realtime-token';
import { gatewayRooms } from '@swarmhost/events';
import type { ExtendedError } from 'socket.io';
import type { GatewaySocket } from './socket-types';

export function tokenMiddleware(secret: string) {
  return (socket: GatewaySocket, next: (error?: ExtendedError) => void): void => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    try {
      const claims = verifyRealtimeToken(token, secret);
      socket.data.identity = { tenantId: claims.tenantId, memberId: claims.memberId, role: claims.role };
      socket.data.followed = new Set();
      socket.data.requestWindow = { startedAt: 0, count: 0 };
      next();
    } catch (error) {
      const problem = error instanceof RealtimeTokenError ? error.problem : 'malformed';
      const refusal: ExtendedError = new Error(error instanceof RealtimeTokenError ? error.message : 'the real-time token could not be read; reload the page');
      refusal.data = { code: 'UNAUTHORIZED', reason: problem };
      next(refusal);
    }
  };
}

/** The rooms a socket is in from the start, all derived from its verified identity. */
export function identityRooms(socket: GatewaySocket): string[] {
  const { tenantId, memberId, role } = socket.data.identity;
  if (role === 'operator' || tenantId === null) return [gatewayRooms.operators()];
  const joined = [gatewayRooms.member(tenantId, memberId)];
  if (role === 'staff' || role === 'admin') joined.push(gatewayRooms.tenantDashboard(tenantId));
  return joined;
}
