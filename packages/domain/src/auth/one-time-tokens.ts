// Single-use links sent by e-mail (verify address, reset password): the token goes in
// the mail, its hash sits in Redis with a short life, and redeeming deletes it.
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export type OneTimePurpose = 'verify-email' | 'reset-password';

const LIFETIME_SECONDS: Record<OneTimePurpose, number> = {
  'verify-email': 48 * 3600,
  'reset-password': 3600,
};

export interface OneTimeSubject {
  tenantId: string;
  memberId: string;
}

const key = (purpose: OneTimePurpose, token: string) => `swarmhost:one-time:${purpose}:${hashToken(token)}`;

export async function issueOneTimeToken(redis: Redis, purpose: OneTimePurpose, subject: OneTimeSubject): Promise<string> {
  const token = newToken();
  await redis.set(key(purpose, token), JSON.stringify(subject), 'EX', LIFETIME_SECONDS[purpose]);
  return token;
}

export async function redeemOneTimeToken(redis: Redis, purpose: OneTimePurpose, token: string): Promise<OneTimeSubject> {
  const raw = await redis.getdel(key(purpose, token));
  if (!raw) {
    const what = purpose === 'verify-email' ? 'verification' : 'password reset';
    throw new AppError('BAD_REQUEST', `this ${what} link is invalid or has expired; ask for a new one`);
  }
  return JSON.parse(raw) as OneTimeSubject;
}
