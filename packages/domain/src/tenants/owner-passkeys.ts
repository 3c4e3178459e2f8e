// Console passkeys: an owner can sign up at /start with a passkey instead of a password +
// TOTP, and log in to the console with it. The relying party is the console's bare host,
// so these credentials are the operator's own (operator_passkeys), separate from any
// member's passkeys on a tenant's host. Each ceremony's challenge waits in Redis for five
// minutes and is used once; a passkey login is counted like a password login.
import { hashPassword } from '@swarmhost/auth/password';
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import {
  passkeyLoginOptions,
  passkeyRegistrationOptions,
  verifyPasskeyLogin,
  verifyPasskeyRegistration,
  WebAuthnError,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type RelyingParty,
} from '@swarmhost/auth/webauthn';
import type { DbClient } from '@swarmhost/db';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { clearLoginFailures, reserveLoginAttempt, type LoginLimits } from '../auth/rate-limit';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { isUniqueViolation } from '../prisma-errors';
import { checkEmail, checkUsername } from '../validation';
import { sendOwnerVerificationMail } from './sign-up-owner';

const CEREMONY_SECONDS = 300;

type Ceremony = { kind: 'sign-up'; challenge: string; operatorId: string; username: string; email: string } | { kind: 'login'; challenge: string };

const ceremonyKey = (id: string) => `swarmhost:operator-webauthn:${hashToken(id)}`;

async function saveCeremony(redis: Redis, ceremony: Ceremony): Promise<string> {
  const id = newToken();
  await redis.set(ceremonyKey(id), JSON.stringify(ceremony), 'EX', CEREMONY_SECONDS);
  return id;
}

async function takeCeremony<K extends Ceremony['kind']>(redis: Redis, id: string, kind: K): Promise<Extract<Ceremony, { kind: K }>> {
  const raw = await redis.getdel(ceremonyKey(id));
  const ceremony = raw ? (JSON.parse(raw) as Ceremony) : undefined;
  if (ceremony?.kind !== kind) throw new AppError('BAD_REQUEST', 'the passkey prompt expired; start again');
  return ceremony as Extract<Ceremony, { kind: K }>;
}

function asAppError(error: unknown): never {
  if (error instanceof WebAuthnError) throw new AppError('BAD_REQUEST', error.message);
  throw error;
}

async function refuseTaken(db: DbClient, username: string, email: string): Promise<void> {
  const taken = await db.operator.findFirst({ where: { OR: [{ username }, { email }] }, select: { username: true } });
  if (!taken) return;
  if (taken.username.toLowerCase() === username.toLowerCase()) throw new AppError('CONFLICT', `the username "${username}" is taken; choose another`);
  throw new AppError('CONFLICT', `${email} already has an account; log in on the console instead`);
}

/** First half of a passkey sign-up: checks the name and address, and asks the browser for a new passkey. */
export async function startOwnerPasskeySignUp(options: {
  db: DbClient;
  redis: Redis;
  relyingParty: RelyingParty;
  username: string;
  email: string;
}): Promise<{ ceremonyId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const username = checkUsername(options.username.trim());
  const email = checkEmail(options.email);
  await refuseTaken(options.db, username, email);
  // The account's id is chosen now: it is the passkey's user handle.
  const operatorId = randomUUID();
  const creation = await passkeyRegistrationOptions({ relyingParty: options.relyingParty, memberId: operatorId, username, existingCredentialIds: [] });
  const ceremonyId = await saveCeremony(options.redis, { kind: 'sign-up', challenge: creation.challenge, operatorId, username, email });
  return { ceremonyId, options: creation };
}

/**
 * Second half: verifies the new passkey and creates the owner account with it in one
 * transaction, then mails the e-mail link. The account has no password anyone knows
 * (the hash of a random secret that is thrown away), so the passkey is how it logs in.
 */
export async function finishOwnerPasskeySignUp(options: {
  db: DbClient;
  redis: Redis;
  mail: MailTransport;
  consoleUrl: string;
  relyingParty: RelyingParty;
  ceremonyId: string;
  response: RegistrationResponseJSON;
}): Promise<{ operatorId: string }> {
  const ceremony = await takeCeremony(options.redis, options.ceremonyId, 'sign-up');
  const passkey = await verifyPasskeyRegistration({ relyingParty: options.relyingParty, expectedChallenge: ceremony.challenge, response: options.response }).catch(asAppError);
  const unusablePasswordHash = await hashPassword(newToken() + newToken());
  try {
    await options.db.$transaction(async (tx) => {
      await tx.operator.create({
        data: { id: ceremony.operatorId, username: ceremony.username, email: ceremony.email, passwordHash: unusablePasswordHash, role: 'owner' },
      });
      await tx.operatorPasskey.create({
        data: {
          operatorId: ceremony.operatorId,
          credentialId: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: BigInt(passkey.counter),
          transports: passkey.transports,
          deviceType: passkey.deviceType,
          backedUp: passkey.backedUp,
          name: 'Passkey',
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'username')) throw new AppError('CONFLICT', `the username "${ceremony.username}" is taken; choose another`);
    if (isUniqueViolation(error, 'email')) throw new AppError('CONFLICT', `${ceremony.email} already has an account; log in on the console instead`);
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'this passkey is already registered to a console account; log in with it instead');
    throw error;
  }
  await sendOwnerVerificationMail({ redis: options.redis, mail: options.mail, consoleUrl: options.consoleUrl, operatorId: ceremony.operatorId, email: ceremony.email });
  return { operatorId: ceremony.operatorId };
}

export async function startOperatorPasskeyLogin(options: {
  redis: Redis;
  relyingParty: RelyingParty;
}): Promise<{ ceremonyId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const request = await passkeyLoginOptions(options.relyingParty);
  const ceremonyId = await saveCeremony(options.redis, { kind: 'login', challenge: request.challenge });
  return { ceremonyId, options: request };
}

/** Verifies the assertion and its signature counter; returns the console account it belongs to. */
export async function finishOperatorPasskeyLogin(options: {
  db: DbClient;
  redis: Redis;
  relyingParty: RelyingParty;
  limits: LoginLimits;
  ip: string;
  ceremonyId: string;
  response: AuthenticationResponseJSON;
}): Promise<{ operatorId: string }> {
  const attempt = { redis: options.redis, limits: options.limits, scope: 'operator', ip: options.ip };
  await reserveLoginAttempt(attempt);
  const ceremony = await takeCeremony(options.redis, options.ceremonyId, 'login');
  const stored = await options.db.operatorPasskey.findUnique({
    where: { credentialId: options.response.id },
    select: { id: true, operatorId: true, credentialId: true, publicKey: true, counter: true, transports: true, operator: { select: { status: true } } },
  });
  if (!stored) throw new AppError('UNAUTHORIZED', 'this passkey is not registered on the console; log in with your password, or sign up at /start');
  if (stored.operator.status !== 'active') throw new AppError('FORBIDDEN', 'this console account is disabled; contact the platform team');
  const { newCounter } = await verifyPasskeyLogin({
    relyingParty: options.relyingParty,
    expectedChallenge: ceremony.challenge,
    response: options.response,
    passkey: { ...stored, counter: Number(stored.counter) },
  }).catch(asAppError);
  // Compare-and-set: a cloned authenticator replaying an old counter loses the race.
  const updated = await options.db.operatorPasskey.updateMany({ where: { id: stored.id, counter: stored.counter }, data: { counter: BigInt(newCounter), lastUsedAt: new Date() } });
  if (updated.count !== 1) throw new AppError('UNAUTHORIZED', 'this passkey was used at the same moment elsewhere; try again');
  await clearLoginFailures(attempt);
  return { operatorId: stored.operatorId };
}
