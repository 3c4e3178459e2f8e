// A socket lives as long as its token: at the token's expiry the gateway disconnects it,
// unless the page sent a fresh token of the same login before (`auth:refresh`, from the
// site's token route, which refuses ended logins, disabled members and suspended
// tenants). A disconnected page reconnects with a fresh token, or is refused one.
import { RealtimeTokenError, verifyRealtimeToken } from '@swarmhost/auth/realtime-token';
import { GATEWAY_REQUESTS } from '@swarmhost/events';
import { z } from 'zod';
import type { Logger } from './log';
import { GatewayError, handleRequest } from './requests';
import { REVOKED_MESSAGE, type Revocations } from './revocations';
import { sameIdentity } from './socket-auth';
import type { GatewaySocket } from './socket-types';

/** setTimeout's ceiling; tokens live an hour at most anyway. */
const LONGEST_TIMER_MS = 2_147_483_647;

// Kept beside the socket, not in socket.data: that is parked in Redis for recovery.
const expiryTimers = new WeakMap<GatewaySocket, NodeJS.Timeout>();

function scheduleExpiry(socket: GatewaySocket, log: Logger): void {
  clearTimeout(expiryTimers.get(socket));
  const delay = Math.min(Math.max(socket.data.expiresAtMs - Date.now(), 0), LONGEST_TIMER_MS);
  expiryTimers.set(
    socket,
    setTimeout(() => {
      log.debug('socket token expired without a refresh', { memberId: socket.data.identity.memberId });
      socket.disconnect(true);
    }, delay),
  );
}

const refreshInput = z.object({ token: z.string().max(2048) });

export function registerTokenLifetime(socket: GatewaySocket, options: { secret: string; revocations: Revocations; log: Logger }): void {
  scheduleExpiry(socket, options.log);
  socket.once('disconnect', () => clearTimeout(expiryTimers.get(socket)));

  handleRequest(socket, options.log, GATEWAY_REQUESTS.authRefresh, refreshInput, async (input) => {
    let claims;
    try {
      claims = verifyRealtimeToken(input.token, options.secret);
    } catch (error) {
      throw new GatewayError('UNAUTHORIZED', error instanceof RealtimeTokenError ? error.message : 'the real-time token could not be read; reload the page');
    }
    const identity = { tenantId: claims.tenantId, memberId: claims.memberId, role: claims.role };
    if (!sameIdentity(socket.data.identity, identity)) {
      throw new GatewayError('UNAUTHORIZED', 'that token is for another login or role; reconnect with it instead of refreshing');
    }
    if (await options.revocations.revoked(identity, claims.issuedAtMs)) throw new GatewayError('UNAUTHORIZED', REVOKED_MESSAGE);
    socket.data.expiresAtMs = claims.exp * 1000;
    socket.data.issuedAtMs = claims.issuedAtMs;
    scheduleExpiry(socket, options.log);
    return { expiresAt: socket.data.expiresAtMs };
  });
}
