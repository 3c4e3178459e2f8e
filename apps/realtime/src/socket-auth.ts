// Connection gate: a socket must present a valid, unexpired token signed by the web app;
// its tenant, member and role come only from that token. A refused handshake gets a
// connect_error whose message says what to do and whose data carries the reason code.
// A token signed before its member's or tenant's latest revocation is refused
// (revocations.ts), and a staff token only passes while the database still gives the
// member that role. A recovered session (connection state recovery) passes the same
// gate with a fresh token of the same member and role; it keeps the rooms it followed.
import { RealtimeTokenError, verifyRealtimeToken } from '@swarmhost/auth/realtime-token';
import { gatewayRooms } from '@swarmhost/events';
import type { ExtendedError } from 'socket.io';
import type { Logger } from './log';
import { REVOKED_MESSAGE, type Revocations } from './revocations';
import type { GatewaySocket, SocketIdentity } from './socket-types';
import { readStanding } from './standing';

class Refusal extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

export interface TokenGateOptions {
  secret: string;
  revocations: Revocations;
  log: Logger;
}

export function tokenMiddleware(options: TokenGateOptions) {
  return (socket: GatewaySocket, next: (error?: ExtendedError) => void): void => {
    admit(socket, options).then(
      () => next(),
      (error: unknown) => {
        if (error instanceof Refusal) return next(refusal(error.message, error.reason));
        options.log.warn('could not check a socket token', { error });
        next(refusal('the live service could not check your login just now; try again in a moment', 'unavailable'));
      },
    );
  };
}

async function admit(socket: GatewaySocket, options: TokenGateOptions): Promise<void> {
  const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
  let claims;
  try {
    claims = verifyRealtimeToken(token, options.secret);
  } catch (error) {
    const problem = error instanceof RealtimeTokenError ? error.problem : 'malformed';
    throw new Refusal(error instanceof RealtimeTokenError ? error.message : 'the real-time token could not be read; reload the page', problem);
  }
  const identity = { tenantId: claims.tenantId, memberId: claims.memberId, role: claims.role };
  if (socket.recovered && !sameIdentity(socket.data.identity, identity)) {
    throw new Refusal('this connection belonged to another login; reload the page', 'session');
  }
  if (await options.revocations.revoked(identity, claims.issuedAtMs)) throw new Refusal(REVOKED_MESSAGE, 'revoked');
  if (identity.role === 'staff' || identity.role === 'admin') {
    // Staff sockets join the dashboard room at once: their role is checked before that.
    const standing = await readStanding(identity);
    if (!standing.ok) throw new Refusal(standing.problem, 'standing');
  }
  socket.data.identity = identity;
  socket.data.expiresAtMs = claims.exp * 1000;
  socket.data.issuedAtMs = claims.issuedAtMs;
  // A parked session comes back through msgpack, which keeps no Set: rebuild it from the restored rooms.
  socket.data.followed = socket.recovered ? followedRooms(socket) : new Set();
  socket.data.requestWindow = { startedAt: 0, count: 0 };
}

function refusal(message: string, reason: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code: 'UNAUTHORIZED', reason };
  return error;
}

export function sameIdentity(restored: SocketIdentity | undefined, presented: SocketIdentity): boolean {
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
