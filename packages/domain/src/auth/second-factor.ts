// Second login step: a TOTP code (refused if its time step was already used) or a
// one-time recovery code. The accepted step or the spent code is saved atomically
// with a compare-and-set, so two racing requests cannot both use the same code. Each try
// is counted before the code is checked, against the account, the address and the
// pending login itself (which is dropped after a few wrong codes).
import { consumeRecoveryCode } from '@swarmhost/auth/recovery-codes';
import { checkTotpCode } from '@swarmhost/auth/totp';
import { forTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import { finishPendingLogin, readPendingLogin, reserveSecondFactorTry, TOO_MANY_CODES, type PendingLogin } from './pending-login';
import { clearLoginFailures, reserveLoginAttempt, type LoginLimits } from './rate-limit';

interface Factors {
  totpSecret: string | null;
  totpLastUsedStep: number | null;
  recoveryCodes: string[];
}

export interface SecondFactorOptions {
  redis: Redis;
  limits: LoginLimits;
  pendingToken: string;
  code: string;
  ip: string;
  /** Where this step is answered: a login started on another site is refused before its code is tried. */
  site: { scope: 'operator' } | { scope: 'member'; tenantId: string };
}

export async function completeSecondFactor(options: SecondFactorOptions): Promise<PendingLogin> {
  const pending = await readPendingLogin(options.redis, options.pendingToken);
  const sameSite = options.site.scope === 'operator' ? pending.scope === 'operator' : pending.scope === 'member' && pending.tenantId === options.site.tenantId;
  if (!sameSite) {
    throw new AppError('BAD_REQUEST', options.site.scope === 'operator' ? 'this login step belongs to a community site; start again there' : 'this login step belongs to another site; start again there');
  }
  const attempt = {
    redis: options.redis,
    limits: options.limits,
    scope: pending.tenantId ?? 'operator',
    identifier: pending.identifier,
    ip: options.ip,
  };
  await reserveLoginAttempt(attempt);
  const { last } = await reserveSecondFactorTry(options.redis, options.pendingToken);
  const accepted = await checkAndSpend(pending, options.code);
  if (!accepted.ok) {
    if (last) {
      await finishPendingLogin(options.redis, options.pendingToken);
      throw new AppError('UNAUTHORIZED', `${accepted.message}. ${TOO_MANY_CODES}`);
    }
    throw new AppError('UNAUTHORIZED', accepted.message);
  }
  if (!(await finishPendingLogin(options.redis, options.pendingToken))) {
    throw new AppError('UNAUTHORIZED', 'this login step already ended; enter your password again');
  }
  await clearLoginFailures(attempt);
  return pending;
}

/** Verifies `code` against the stored factors and records its use. Shared with TOTP management. */
export async function checkAndSpend(
  subject: Pick<PendingLogin, 'scope' | 'tenantId' | 'subjectId'>,
  code: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const store = factorStore(subject);
  const factors = await store.read();
  if (!factors?.totpSecret) return { ok: false, message: 'two-factor authentication is not set up for this account' };
  const compact = code.replace(/\s+/g, '');
  if (/^\d{6}$/.test(compact)) {
    const check = await checkTotpCode({ secret: factors.totpSecret, code: compact, lastUsedStep: factors.totpLastUsedStep });
    if (!check.valid) {
      return {
        ok: false,
        message:
          check.reason === 'reused'
            ? 'this code was already used; wait for the next code in your authenticator app'
            : 'wrong authentication code; check your authenticator app’s clock and try the current code',
      };
    }
    const saved = await store.saveStep(factors.totpLastUsedStep, check.timeStep);
    return saved ? { ok: true } : { ok: false, message: 'this code was already used; wait for the next code' };
  }
  const left = await consumeRecoveryCode(factors.recoveryCodes, compact);
  if (!left) return { ok: false, message: 'wrong code: enter the 6-digit code from your app or an unused recovery code' };
  const saved = await store.saveRecoveryCodes(factors.recoveryCodes, left);
  return saved ? { ok: true } : { ok: false, message: 'this recovery code was just used; try another one' };
}

function factorStore(subject: Pick<PendingLogin, 'scope' | 'tenantId' | 'subjectId'>) {
  const select = { totpSecret: true, totpLastUsedStep: true, recoveryCodes: true } as const;
  if (subject.scope === 'operator') {
    const operators = systemClient().operator;
    return {
      read: (): Promise<Factors | null> => operators.findUnique({ where: { id: subject.subjectId }, select }),
      saveStep: async (previous: number | null, step: number) =>
        (await operators.updateMany({ where: { id: subject.subjectId, totpLastUsedStep: previous }, data: { totpLastUsedStep: step } }))
          .count === 1,
      saveRecoveryCodes: async (previous: string[], left: string[]) =>
        (await operators.updateMany({ where: { id: subject.subjectId, recoveryCodes: { equals: previous } }, data: { recoveryCodes: left } }))
          .count === 1,
    };
  }
  if (!subject.tenantId) throw new AppError('INTERNAL', 'a member login must name its tenant');
  const members = forTenant(subject.tenantId).member;
  return {
    read: (): Promise<Factors | null> => members.findUnique({ where: { id: subject.subjectId }, select }),
    saveStep: async (previous: number | null, step: number) =>
      (await members.updateMany({ where: { id: subject.subjectId, totpLastUsedStep: previous }, data: { totpLastUsedStep: step } }))
        .count === 1,
    saveRecoveryCodes: async (previous: string[], left: string[]) =>
      (await members.updateMany({ where: { id: subject.subjectId, recoveryCodes: { equals: previous } }, data: { recoveryCodes: left } }))
        .count === 1,
  };
}
