// A token says who a socket was when it was signed; staff powers are checked against
// the database when they are used: chat (staff rooms, deleting, muting) and dashboards
// act only while the member is still active, still in an active tenant and still has
// the token's role. Otherwise the request is refused and the socket ends, so the page
// reconnects with a token of the member's current role (or is refused one).
import { forTenant } from '@swarmhost/db';
import type { ChatRole } from '@swarmhost/domain';
import type { Logger } from './log';
import { GatewayError } from './requests';
import type { GatewaySocket, SocketIdentity } from './socket-types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Standing = { ok: true; role: ChatRole } | { ok: false; problem: string };

/** What the database says of a member token's identity right now. */
export async function readStanding(identity: SocketIdentity): Promise<Standing> {
  const { tenantId, memberId, role } = identity;
  if (tenantId === null || role === 'operator') return { ok: false, problem: 'operators have no community here; use a member account' };
  if (!UUID.test(memberId)) return { ok: false, problem: 'this account no longer exists here; reload the page' };
  const member = await forTenant(tenantId).member.findUnique({
    where: { id: memberId },
    select: { role: true, status: true, tenant: { select: { status: true } } },
  });
  if (!member) return { ok: false, problem: 'this account no longer exists here; reload the page' };
  if (member.tenant.status !== 'active') return { ok: false, problem: 'this community is suspended; live features are off' };
  if (member.status !== 'active') return { ok: false, problem: 'your account is not active any more; live features are off' };
  if (member.role !== role) return { ok: false, problem: `your role changed (now ${member.role}); the page reconnects with it` };
  return { ok: true, role };
}

/** The socket's role if the database still agrees; otherwise refuses and ends the socket after the answer. */
export async function currentRole(socket: GatewaySocket, log: Logger): Promise<ChatRole> {
  if (socket.data.identity.role === 'operator') throw new GatewayError('FORBIDDEN', 'operators have no community chat; use a member account');
  const standing = await readStanding(socket.data.identity);
  if (standing.ok) return standing.role;
  const { tenantId, memberId } = socket.data.identity;
  log.info('ending a socket whose standing changed', { tenantId, memberId, problem: standing.problem });
  // After the acknowledgement is written: engine.io flushes it before closing.
  setImmediate(() => socket.disconnect(true));
  throw new GatewayError('FORBIDDEN', standing.problem);
}
