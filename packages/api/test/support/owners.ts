// Community owners as the sign-up makes them: an account on the console (its e-mail link
// opened, TOTP enrolled), optionally with a community of its own.
import { randomBytes } from 'node:crypto';
import { currentTotpCode } from '@swarmhost/auth/totp';
import { readOutbox } from '@swarmhost/domain';
import type { ApiServices } from '../../src/index';
import { callerFor, cookieJar, redis } from './api-harness';

export const CONSOLE_HOST = 'localhost:3000';
export const OWNER_PASSWORD = 'owner password 1';

/** The token of the newest platform mail to `email` whose link contains `path`. */
export async function tokenFromMail(email: string, path: string): Promise<string> {
  const mails = await readOutbox(redis, 200, { tenantId: null });
  const mail = mails.find((entry) => entry.to === email && entry.text.includes(path));
  const token = mail?.text.match(/token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no mail to ${email} with a ${path} link`);
  return token;
}

export interface TestOwner {
  username: string;
  email: string;
  totpSecret: string;
  /** A fresh caller on the console as this owner (one browser: the same cookies each time). */
  console: () => ReturnType<typeof callerFor>;
}

/** Signs an owner up through the API, opens the e-mail link and turns TOTP on. */
/** A fresh client address, so the sign-up's per-address hourly cap never carries over between runs. */
export const randomIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

export async function signUpTestOwner(services: ApiServices, ip = randomIp()): Promise<TestOwner> {
  const username = `owner${randomBytes(3).toString('hex')}`;
  const email = `${username}@owners.test`;
  const cookies = cookieJar();
  const onConsole = () => callerFor({ services, cookies, host: CONSOLE_HOST, ip });
  await (await onConsole()).signup.createAccount({ username, email, password: OWNER_PASSWORD });
  await (await onConsole()).signup.verifyEmail({ token: await tokenFromMail(email, '/start/verify') });
  const { secret } = await (await onConsole()).operator.totpStart();
  await (await onConsole()).operator.totpConfirm({ code: await currentTotpCode(secret) });
  return { username, email, totpSecret: secret, console: onConsole };
}

/** An owner with a community just started; `slug` is the new tenant's. */
export async function ownerWithCommunity(services: ApiServices, ip?: string) {
  const owner = await signUpTestOwner(services, ip);
  const slug = `c${randomBytes(4).toString('hex')}`;
  const started = await (await owner.console()).signup.startCommunity({ name: `Community ${slug}`, slug });
  return { owner, slug, started };
}
