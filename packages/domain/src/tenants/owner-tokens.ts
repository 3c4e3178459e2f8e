// Single-use tokens for community owners, kept as their SHA-256 in Redis with a short
// life and deleted when redeemed (GETDEL: a token serves once even to racing requests):
// the e-mail check of a new owner account, the one-time login that carries a new owner
// from the console to their community's own host, and co-owner invitations.
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export interface OwnerTokenPayloads {
  'owner-email': { operatorId: string };
  /** Redeemed on the tenant's host only: it becomes that host's member session cookie. */
  'owner-login': { tenantId: string; memberId: string };
  'co-owner-invite': { tenantId: string; email: string; invitedByOperatorId: string };
}

export type OwnerTokenPurpose = keyof OwnerTokenPayloads;

export const OWNER_TOKEN_SECONDS: Record<OwnerTokenPurpose, number> = {
  'owner-email': 48 * 3600,
  // Long enough for one redirect on a slow connection, short enough to be useless in a log.
  'owner-login': 120,
  'co-owner-invite': 7 * 86_400,
};

const EXPIRED: Record<OwnerTokenPurpose, string> = {
  'owner-email': 'this confirmation link is invalid, used or expired; sign in at /start and send a new one',
  'owner-login': 'this login link is invalid, used or expired; log in with your password instead',
  'co-owner-invite': 'this invitation is invalid, used or expired; ask the owner for a new one',
};

const key = (purpose: OwnerTokenPurpose, token: string) => `swarmhost:owner-token:${purpose}:${hashToken(token)}`;

export async function issueOwnerToken<P extends OwnerTokenPurpose>(redis: Redis, purpose: P, payload: OwnerTokenPayloads[P]): Promise<string> {
  const token = newToken();
  await redis.set(key(purpose, token), JSON.stringify(payload), 'EX', OWNER_TOKEN_SECONDS[purpose]);
  return token;
}

/** Spends the token; a second redemption (or an unknown one) fails with what to do instead. */
export async function redeemOwnerToken<P extends OwnerTokenPurpose>(redis: Redis, purpose: P, token: string): Promise<OwnerTokenPayloads[P]> {
  const raw = token.length > 0 && token.length <= 200 ? await redis.getdel(key(purpose, token)) : null;
  if (!raw) throw new AppError('BAD_REQUEST', EXPIRED[purpose]);
  return JSON.parse(raw) as OwnerTokenPayloads[P];
}

/** Reads without spending (an invitation shown before it is accepted). */
export async function peekOwnerToken<P extends OwnerTokenPurpose>(redis: Redis, purpose: P, token: string): Promise<OwnerTokenPayloads[P]> {
  const raw = token.length > 0 && token.length <= 200 ? await redis.get(key(purpose, token)) : null;
  if (!raw) throw new AppError('BAD_REQUEST', EXPIRED[purpose]);
  return JSON.parse(raw) as OwnerTokenPayloads[P];
}
