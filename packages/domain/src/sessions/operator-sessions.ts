// Operator sessions for the console on the bare base host. Operators are platform
// accounts without a tenant, so their sessions live in Redis (token hash → operator id).
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import { systemClient } from '@swarmhost/db/system';
import type { Redis } from 'ioredis';

const SESSION_SECONDS = 12 * 3600;
const sessionKey = (tokenHash: string) => `swarmhost:operator-session:${tokenHash}`;
const listKey = (operatorId: string) => `swarmhost:operator-sessions:${operatorId}`;

export interface SessionOperator {
  id: string;
  username: string;
  email: string;
  totpEnabled: boolean;
  /** Has at least one console passkey (owners who signed up with one): a second factor on its own. */
  passkeyEnabled: boolean;
  /** admin: every tenant; owner: only the tenants in tenant_owners (tenants/tenant-access.ts). */
  role: 'admin' | 'owner';
  emailVerified: boolean;
}

export async function createOperatorSession(redis: Redis, operatorId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const tokenHash = hashToken(token);
  await redis
    .multi()
    .set(sessionKey(tokenHash), operatorId, 'EX', SESSION_SECONDS)
    .sadd(listKey(operatorId), tokenHash)
    .expire(listKey(operatorId), SESSION_SECONDS)
    .exec();
  await systemClient().operator.update({ where: { id: operatorId }, data: { lastLoginAt: new Date() } });
  return { token, expiresAt: new Date(Date.now() + SESSION_SECONDS * 1000) };
}

export async function resolveOperatorSession(redis: Redis, token: string): Promise<SessionOperator | null> {
  const operatorId = await redis.get(sessionKey(hashToken(token)));
  if (!operatorId) return null;
  const operator = await systemClient().operator.findUnique({
    where: { id: operatorId },
    select: { id: true, username: true, email: true, status: true, totpSecret: true, role: true, emailVerifiedAt: true, _count: { select: { passkeys: true } } },
  });
  if (!operator || operator.status !== 'active') return null;
  return {
    id: operator.id,
    username: operator.username,
    email: operator.email,
    totpEnabled: operator.totpSecret !== null,
    passkeyEnabled: operator._count.passkeys > 0,
    role: operator.role,
    emailVerified: operator.emailVerifiedAt !== null,
  };
}

export async function endOperatorSession(redis: Redis, token: string): Promise<void> {
  await redis.del(sessionKey(hashToken(token)));
}

export async function endAllOperatorSessions(redis: Redis, operatorId: string): Promise<void> {
  const hashes = await redis.smembers(listKey(operatorId));
  await redis.del(...hashes.map(sessionKey), listKey(operatorId));
}
