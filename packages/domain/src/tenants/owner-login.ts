// The one-time login that carries a new owner from the console to their community's
// host: issued on the console right after the community is created, redeemed once on
// the tenant's own host, where it becomes that host's session cookie. A link for one
// tenant means nothing on another.
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import { issueOwnerToken, redeemOwnerToken } from './owner-tokens';

export function issueOwnerLoginLink(options: { redis: Redis; tenantId: string; memberId: string; tenantUrl: string }): Promise<string> {
  return issueOwnerToken(options.redis, 'owner-login', { tenantId: options.tenantId, memberId: options.memberId }).then(
    (token) => `${options.tenantUrl}/welcome#token=${token}`,
  );
}

/** The member to sign in on this tenant's host. */
export async function redeemOwnerLoginLink(options: { redis: Redis; tenantId: string; token: string }): Promise<{ memberId: string }> {
  const login = await redeemOwnerToken(options.redis, 'owner-login', options.token);
  if (login.tenantId !== options.tenantId) throw new AppError('BAD_REQUEST', 'this login link is for another community; open it on that community\'s address');
  return { memberId: login.memberId };
}
