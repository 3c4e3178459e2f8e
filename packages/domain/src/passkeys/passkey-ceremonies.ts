// Passkey registration and passkey-only login for members. The challenge of each
// ceremony waits in Redis under a random ceremony id for five minutes and is used once.
// A passkey login is counted against the client's address (LOGIN_RATE_LIMIT_PER_IP)
// before the assertion is checked; a good one gives its count back.
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
import { forTenant } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import { clearLoginFailures, reserveLoginAttempt, type LoginLimits } from '../auth/rate-limit';
import { isUniqueViolation } from '../prisma-errors';

const CEREMONY_SECONDS = 300;
const MAX_PASSKEYS = 20;

interface Ceremony {
  challenge: string;
  tenantId: string;
  memberId?: string;
}

const ceremonyKey = (id: string) => `swarmhost:webauthn:${hashToken(id)}`;

async function saveCeremony(redis: Redis, ceremony: Ceremony): Promise<string> {
  const id = newToken();
  await redis.set(ceremonyKey(id), JSON.stringify(ceremony), 'EX', CEREMONY_SECONDS);
  return id;
}

async function takeCeremony(redis: Redis, id: string, tenantId: string): Promise<Ceremony> {
  const raw = await redis.getdel(ceremonyKey(id));
  const ceremony = raw ? (JSON.parse(raw) as Ceremony) : undefined;
  if (!ceremony || ceremony.tenantId !== tenantId) {
    throw new AppError('BAD_REQUEST', 'the passkey prompt expired; start again');
  }
  return ceremony;
}

function asAppError(error: unknown): never {
  if (error instanceof WebAuthnError) throw new AppError('BAD_REQUEST', error.message);
  throw error;
}

export async function startPasskeyRegistration(options: {
  redis: Redis;
  tenantId: string;
  memberId: string;
  username: string;
  relyingParty: RelyingParty;
}): Promise<{ ceremonyId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await forTenant(options.tenantId).webAuthnCredential.findMany({
    where: { memberId: options.memberId },
    select: { credentialId: true },
  });
  if (existing.length >= MAX_PASSKEYS) {
    throw new AppError('BAD_REQUEST', `you already have ${MAX_PASSKEYS} passkeys; delete one before adding another`);
  }
  const creation = await passkeyRegistrationOptions({
    relyingParty: options.relyingParty,
    memberId: options.memberId,
    username: options.username,
    existingCredentialIds: existing.map((row) => row.credentialId),
  });
  const ceremonyId = await saveCeremony(options.redis, {
    challenge: creation.challenge,
    tenantId: options.tenantId,
    memberId: options.memberId,
  });
  return { ceremonyId, options: creation };
}

export async function finishPasskeyRegistration(options: {
  redis: Redis;
  tenantId: string;
  memberId: string;
  ceremonyId: string;
  response: RegistrationResponseJSON;
  name: string;
  relyingParty: RelyingParty;
}): Promise<{ id: string; name: string }> {
  const ceremony = await takeCeremony(options.redis, options.ceremonyId, options.tenantId);
  if (ceremony.memberId !== options.memberId) throw new AppError('BAD_REQUEST', 'the passkey prompt expired; start again');
  const passkey = await verifyPasskeyRegistration({
    relyingParty: options.relyingParty,
    expectedChallenge: ceremony.challenge,
    response: options.response,
  }).catch(asAppError);
  const name = options.name.trim().slice(0, 60) || 'Passkey';
  try {
    return await forTenant(options.tenantId).webAuthnCredential.create({
      data: {
        tenantId: options.tenantId,
        memberId: options.memberId,
        credentialId: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: BigInt(passkey.counter),
        transports: passkey.transports,
        deviceType: passkey.deviceType,
        backedUp: passkey.backedUp,
        name,
      },
      select: { id: true, name: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'this passkey is already registered');
    throw error;
  }
}

export async function startPasskeyLogin(options: {
  redis: Redis;
  tenantId: string;
  relyingParty: RelyingParty;
}): Promise<{ ceremonyId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const request = await passkeyLoginOptions(options.relyingParty);
  const ceremonyId = await saveCeremony(options.redis, { challenge: request.challenge, tenantId: options.tenantId });
  return { ceremonyId, options: request };
}

/** Verifies the assertion and the signature counter; returns the member it belongs to. */
export async function finishPasskeyLogin(options: {
  redis: Redis;
  tenantId: string;
  ceremonyId: string;
  response: AuthenticationResponseJSON;
  relyingParty: RelyingParty;
  limits: LoginLimits;
  ip: string;
}): Promise<{ memberId: string }> {
  const attempt = { redis: options.redis, limits: options.limits, scope: options.tenantId, ip: options.ip };
  await reserveLoginAttempt(attempt);
  const ceremony = await takeCeremony(options.redis, options.ceremonyId, options.tenantId);
  const db = forTenant(options.tenantId);
  const stored = await db.webAuthnCredential.findUnique({
    where: { credentialId: options.response.id },
    select: { id: true, memberId: true, credentialId: true, publicKey: true, counter: true, transports: true, member: { select: { status: true } } },
  });
  if (!stored) {
    throw new AppError('UNAUTHORIZED', 'this passkey is not registered on this site; log in with your password and add it in Settings');
  }
  if (stored.member.status === 'disabled') throw new AppError('FORBIDDEN', 'this account is disabled; contact the community staff');
  const { newCounter } = await verifyPasskeyLogin({
    relyingParty: options.relyingParty,
    expectedChallenge: ceremony.challenge,
    response: options.response,
    passkey: { ...stored, counter: Number(stored.counter) },
  }).catch(asAppError);
  // Compare-and-set: a cloned authenticator replaying an old counter loses the race.
  const updated = await db.webAuthnCredential.updateMany({
    where: { id: stored.id, counter: stored.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: new Date() },
  });
  if (updated.count !== 1) throw new AppError('UNAUTHORIZED', 'this passkey was used at the same moment elsewhere; try again');
  await clearLoginFailures(attempt);
  return { memberId: stored.memberId };
}
