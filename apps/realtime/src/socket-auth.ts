// Connection gate: a socket must present a valid, unexpired token signed by the web app;
// its tenant, member and role come only from that token. A refused handshake gets a
// connect_error whose message says what to do and whose data carries the reason code.
// A recovered session (connection state recovery) passes the same gate with a fresh
// token of the same member; it keeps the rooms it followed.
import { RealtimeTokenError, verifyRealtimeToken } from '@swarmhost/auth/realtime-token';
import { gatewayRooms } from '@swarmhost/events';
import type { ExtendedError } from 'socket.io';
import type { GatewaySocket, SocketIdentity } from './socket-types';

export function tokenMiddleware(secret: string) {
  return (socket: GatewaySocket, next: (error?: ExtendedError) => void): void => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    try {
      const claims = verifyRealtimeToken(token, secret);
      const identity = { tenantId: claims.tenantId, memberId: claims.memberId, role: claims.role };
      if (socket.recovered && !sameIdentity(socket.data.identity, identity)) {
        next(refusal('this connection belonged to another login; reload the page', 'session'));
        return;
      }
      socket.data.identity = identity;
      // A parked session comes back through msgpack, which keeps no Set: rebuild it from the restored rooms.
      socket.data.followed = socket.recovered ? followedRooms(socket) : new Set();
      socket.data.requestWindow = { startedAt: 0, count: 0 };
      next();
    } catch (error) {
      const problem = error instanceof RealtimeTokenError ? error.problem : 'malformed';
      next(refusal(error instanceof RealtimeTokenError ? error.message : 'the real-time token could not be read; reload the page', problem));
    }
  };
}

function refusal(message: string, reason: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code: 'UNAUTHORIZED', reason };
  return error;
}

function sameIdentity(restored: SocketIdentity | undefined, presented: SocketIdentity): boolean {
  return restored?.tenantId === presented.tenantId && restored.memberId === presented.memberId && restored.role === presented.role;
}

/** The rooms a recovered socket had asked to follow: all it is in but its own and its identity's. */
function followedRooms(socket: GatewaySocket): Set<string> {
  const fixed = new Set([socket.id, ...identityRooms(socket)]);
  return new Set([...socket.rooms].filter((room) => !fixed.has(room)));
}

/** The rooms a socket is in from the start, all derived from its verified identity. */
export function identityRooms(socket: GatewaySocket): string[] {
  const { tenantId, memberId, role } = socket.data.identity;
  if (role === 'operator' || tenantId === null) return [gatewayRooms.operators()];
  const joined = [gatewayRooms.member(tenantId, memberId)];
  if (role === 'staff' || role === 'admin') joined.push(gatewayRooms.tenantDashboard(tenantId));
  return joined;
}
