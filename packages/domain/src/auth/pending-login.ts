// Between a correct password and the second factor, the login waits in Redis for five
// minutes under a random token the browser holds; nothing is granted until then.
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

const PENDING_SECONDS = 300;

export interface PendingLogin {
  scope: 'member' | 'operator';
  tenantId?: string;
  subjectId: string;
  identifier: string;
}

const key = (token: string) => `swarmhost:pending-login:${hashToken(token)}`;

export async function startPendingLogin(redis: Redis, pending: PendingLogin): Promise<string> {
  const token = newToken();
  await redis.set(key(token), JSON.stringify(pending), 'EX', PENDING_SECONDS);
  return token;
}

export async function readPendingLogin(redis: Redis, token: string): Promise<PendingLogin> {
  const raw = await redis.get(key(token));
  if (!raw) throw new AppError('UNAUTHORIZED', 'this login step expired; enter your password again');
  return JSON.parse(raw) as PendingLogin;
}

export async function finishPendingLogin(redis: Redis, token: string): Promise<void> {
  await redis.del(key(token));
}
