// Turning TOTP on and off for a member or an operator. The new secret waits in Redis
// until the first code from the app proves it was scanned; only then is it stored,
// together with fresh recovery codes shown once.
import { createRecoveryCodes } from '@swarmhost/auth/recovery-codes';
import { checkTotpCode, newTotpSecret, totpQrSvg, totpUri } from '@swarmhost/auth/totp';
import { forTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import { checkAndSpend } from './second-factor';
import type { StepUpAttempts } from './step-up';

export interface TotpSubject {
  scope: 'member' | 'operator';
  tenantId?: string;
  subjectId: string;
}

const ENROLMENT_SECONDS = 900;
const enrolmentKey = (subject: TotpSubject) => `swarmhost:totp-enrolment:${subject.scope}:${subject.subjectId}`;

export async function startTotpEnrolment(options: {
  redis: Redis;
  subject: TotpSubject;
  issuer: string;
  account: string;
}): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const secret = newTotpSecret();
  const uri = totpUri({ issuer: options.issuer, account: options.account, secret });
  await options.redis.set(enrolmentKey(options.subject), secret, 'EX', ENROLMENT_SECONDS);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

export async function confirmTotpEnrolment(options: {
  redis: Redis;
  subject: TotpSubject;
  code: string;
}): Promise<{ recoveryCodes: string[]; replaced: boolean }> {
  const secret = await options.redis.get(enrolmentKey(options.subject));
  if (!secret) throw new AppError('BAD_REQUEST', 'the set-up expired; start two-factor set-up again and scan the new QR code');
  const check = await checkTotpCode({ secret, code: options.code });
  if (!check.valid) {
    throw new AppError('BAD_REQUEST', 'that code does not match; scan the QR code again and enter the current 6-digit code');
  }
  const { codes, hashes } = await createRecoveryCodes();
  const data = { totpSecret: secret, totpLastUsedStep: check.timeStep, recoveryCodes: hashes };
  const where = { id: options.subject.subjectId };
  const before =
    options.subject.scope === 'operator'
      ? await systemClient().operator.findUnique({ where, select: { totpSecret: true } })
      : await forTenant(requireTenant(options.subject)).member.findUnique({ where, select: { totpSecret: true } });
  if (options.subject.scope === 'operator') {
    await systemClient().operator.update({ where, data });
  } else {
    await forTenant(requireTenant(options.subject)).member.update({ where, data });
  }
  await options.redis.del(enrolmentKey(options.subject));
  return { recoveryCodes: codes, replaced: Boolean(before?.totpSecret) };
}

/**
 * Needs a current code (or a recovery code), so a stolen session alone cannot remove the
 * factor; with `attempts`, each code is counted before it is checked (no brute force).
 */
export async function disableTotp(options: { subject: TotpSubject; code: string; attempts?: StepUpAttempts }): Promise<void> {
  await options.attempts?.reserve();
  const spent = await checkAndSpend(options.subject, options.code);
  if (!spent.ok) throw new AppError('BAD_REQUEST', spent.message);
  await options.attempts?.release();
  const data = { totpSecret: null, totpLastUsedStep: null, recoveryCodes: [] };
  if (options.subject.scope === 'operator') {
    await systemClient().operator.update({ where: { id: options.subject.subjectId }, data });
  } else {
    await forTenant(requireTenant(options.subject)).member.update({ where: { id: options.subject.subjectId }, data });
  }
}

/** New recovery codes replacing every old one (shown once); only while TOTP is on. */
export async function regenerateRecoveryCodes(options: { subject: TotpSubject }): Promise<{ recoveryCodes: string[] }> {
  const { codes, hashes } = await createRecoveryCodes();
  const where = { id: options.subject.subjectId, totpSecret: { not: null } };
  const { count } =
    options.subject.scope === 'operator'
      ? await systemClient().operator.updateMany({ where, data: { recoveryCodes: hashes } })
      : await forTenant(requireTenant(options.subject)).member.updateMany({ where, data: { recoveryCodes: hashes } });
  if (count === 0) throw new AppError('BAD_REQUEST', 'recovery codes come with two-factor authentication; turn it on first');
  return { recoveryCodes: codes };
}

function requireTenant(subject: TotpSubject): string {
  if (!subject.tenantId) throw new AppError('INTERNAL', 'a member subject must name its tenant');
  return subject.tenantId;
}
