// Step-up for security settings: a stolen session cookie alone must not replace the
// second factor, add or remove a passkey, or change the password. The member proves a
// factor again (password, TOTP or recovery code, or a passkey) and the proof is good
// for REAUTH_WINDOW_SECONDS on that one session; signing in counts as such a proof.
// Every factor checked here is counted per member, reserved before it is verified.
import { verifyPassword } from '@swarmhost/auth/password';
import type { AuthenticationResponseJSON, RelyingParty } from '@swarmhost/auth/webauthn';
import { forTenant } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import { finishPasskeyLogin } from '../passkeys/passkey-ceremonies';
import type { LoginLimits } from './rate-limit';
import { checkAndSpend } from './second-factor';

/** How long a sign-in or a re-authentication lets the session change security settings. */
export const REAUTH_WINDOW_SECONDS = 300;

/** The error detail the site's settings page answers with its "confirm it's you" prompt. */
export const REAUTH_REQUIRED = 'reauthenticate';

export interface StepUpSession {
  tenantId: string;
  memberId: string;
  sessionId: string;
  signedInAt: Date;
}

const stampKey = (sessionId: string) => `swarmhost:reauth:${sessionId}`;
const failureKey = (tenantId: string, memberId: string) => `swarmhost:step-up-fail:${tenantId}:${memberId}`;

/** When the session last proved a factor: its sign-in or its latest re-authentication. */
async function lastProofAt(redis: Redis, session: StepUpSession): Promise<number> {
  const stamped = Number((await redis.get(stampKey(session.sessionId))) ?? 0);
  return Math.max(session.signedInAt.getTime(), stamped);
}

/** Refuses (FORBIDDEN, details.reason = REAUTH_REQUIRED) unless the session proved a factor within the window. */
export async function requireRecentReauth(redis: Redis, session: StepUpSession, now = Date.now()): Promise<void> {
  // Another site process may have stamped it a few milliseconds "ahead" of this clock.
  const age = now - (await lastProofAt(redis, session));
  if (age < REAUTH_WINDOW_SECONDS * 1000) return;
  throw new AppError('FORBIDDEN', 'confirm it is you first: enter your password or a current authentication code, then try again', {
    reason: REAUTH_REQUIRED,
  });
}

/**
 * Checks the failure count and counts this attempt in one step (so a batch of parallel
 * guesses cannot all pass the check), or refuses once the member's limit is reached.
 */
const RESERVE_SCRIPT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return redis.call('TTL', KEYS[1]) end
redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return -3
`;

export interface StepUpAttempts {
  /** Counts an attempt before its factor is verified; TOO_MANY_REQUESTS once the limit is reached. */
  reserve(): Promise<void>;
  /** Gives a correct attempt's reservation back: only failures stay counted. */
  release(): Promise<void>;
}

/** The member's counter of wrong factors on settings (re-authentication, turning TOTP off, password change). */
export function stepUpAttempts(options: { redis: Redis; limits: LoginLimits; tenantId: string; memberId: string }): StepUpAttempts {
  const key = failureKey(options.tenantId, options.memberId);
  return {
    async reserve() {
      const refused = Number(await options.redis.eval(RESERVE_SCRIPT, 1, key, options.limits.perAccount, options.limits.windowSeconds));
      if (refused === -3) return;
      const minutes = Math.max(1, Math.ceil(refused / 60));
      throw new AppError('TOO_MANY_REQUESTS', `too many wrong passwords or codes; wait ${minutes} minute(s) and try again`);
    },
    async release() {
      await options.redis.eval(`if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end return 0`, 1, key);
    },
  };
}

/** Runs `verify` as one counted attempt: reserved first, given back only when it succeeds. */
export async function countedAttempt<T>(attempts: StepUpAttempts, verify: () => Promise<T>): Promise<T> {
  await attempts.reserve();
  const result = await verify();
  await attempts.release();
  return result;
}

export type ReauthFactor = { password: string } | { code: string };

/** Verifies the password or a TOTP/recovery code and stamps the session; wrong factors are counted. */
export async function reauthenticate(options: {
  redis: Redis;
  limits: LoginLimits;
  session: StepUpSession;
  factor: ReauthFactor;
  now?: number;
}): Promise<{ validUntil: Date }> {
  const { session } = options;
  await countedAttempt(stepUpAttempts({ redis: options.redis, limits: options.limits, tenantId: session.tenantId, memberId: session.memberId }), async () => {
    if ('password' in options.factor) {
      const member = await forTenant(session.tenantId).member.findUnique({ where: { id: session.memberId }, select: { passwordHash: true } });
      if (!member || !(await verifyPassword(member.passwordHash, options.factor.password))) {
        throw new AppError('BAD_REQUEST', 'that password is wrong; enter the password you log in with');
      }
      return;
    }
    const spent = await checkAndSpend({ scope: 'member', tenantId: session.tenantId, subjectId: session.memberId }, options.factor.code);
    if (!spent.ok) throw new AppError('BAD_REQUEST', spent.message);
  });
  return stampReauth(options.redis, session, options.now);
}

/** Marks the session as re-authenticated now (after a verified password, code or passkey). */
export async function stampReauth(redis: Redis, session: Pick<StepUpSession, 'sessionId'>, now = Date.now()): Promise<{ validUntil: Date }> {
  await redis.set(stampKey(session.sessionId), String(now), 'EX', REAUTH_WINDOW_SECONDS);
  return { validUntil: new Date(now + REAUTH_WINDOW_SECONDS * 1000) };
}

/** Re-authentication with one of the member's own passkeys (a ceremony from startPasskeyLogin); counted like the others. */
export async function reauthenticateWithPasskey(options: {
  redis: Redis;
  limits: LoginLimits;
  session: StepUpSession;
  ceremonyId: string;
  response: AuthenticationResponseJSON;
  relyingParty: RelyingParty;
  ip: string;
  now?: number;
}): Promise<{ validUntil: Date }> {
  const { session } = options;
  await countedAttempt(stepUpAttempts({ redis: options.redis, limits: options.limits, tenantId: session.tenantId, memberId: session.memberId }), async () => {
    const { memberId } = await finishPasskeyLogin({
      redis: options.redis,
      tenantId: session.tenantId,
      ceremonyId: options.ceremonyId,
      response: options.response,
      relyingParty: options.relyingParty,
      limits: options.limits,
      ip: options.ip,
    });
    if (memberId !== session.memberId) throw new AppError('BAD_REQUEST', 'that passkey belongs to another account; use one of your own');
  });
  return stampReauth(options.redis, session, options.now);
}
