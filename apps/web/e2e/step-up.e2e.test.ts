// Security settings in a real browser: on a session signed in long ago, setting up
// two-factor first asks "Confirm it's you" in a modal dialog (keyboard only here), refuses
// a wrong password with a message, and carries on with the set-up after the right one.
// The staff page offers member actions only on rows below the viewer's role.
import { randomBytes } from 'node:crypto';
import { currentTotpCode } from '@swarmhost/auth/totp';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant } from '@swarmhost/domain';
import { parseEnv, redisShape } from '@swarmhost/config';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addVirtualAuthenticator, launchChromium, screenshot } from './browser';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const origin = (host: string) => `http://${host}localhost:${env.port}`;
const password = 'step-up e2e password';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await disconnectAll();
});

/** Drops the re-authentication stamps of the member's sessions (the site's Redis), so only a new proof counts. */
async function redisStampsGone(memberId: string) {
  const redis = new Redis(parseEnv(redisShape).REDIS_URL);
  const sessions = await systemClient().session.findMany({ where: { memberId }, select: { id: true } });
  await Promise.all(sessions.map((session) => redis.del(`swarmhost:reauth:${session.id}`)));
  await redis.quit();
  // The site's session cache lives a second.
  await new Promise((resolve) => setTimeout(resolve, 1100));
}

async function logIn(page: Page, host: string, username: string) {
  await page.goto(`${origin(host)}/login`);
  await page.getByLabel('Username or e-mail').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL(`${origin(host)}/`);
}

describe('step-up and the staff ladder in the browser', () => {
  const slug = `stepup${randomBytes(3).toString('hex')}`;
  const host = `${slug}.`;

  it('asks to confirm it is you before two-factor set-up on an old session, then continues', async () => {
    await createTenant({ db: systemClient(), slug, name: 'Step-up E2E', settings: { registrationMode: 'open' } });
    const member = await createMember({ db: systemClient(), tenantSlug: slug, username: 'petra', email: 'petra@e2e.invalid', password });
    const page = await (await browser.newContext()).newPage();
    await logIn(page, host, member.username);
    // The session was signed in ten minutes ago, as far as the server knows (its cache lives a second).
    await systemClient().session.updateMany({ where: { memberId: member.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await page.goto(`${origin(host)}/settings`);
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await dialog.waitFor();
    // Focus is in the password field: type and press Enter, no mouse.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('current-password');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').getByText('that password is wrong').waitFor();
    await screenshot(page, 'step-up-prompt');

    await dialog.getByLabel('Your password').fill(password);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    // The set-up continued by itself after the confirmation.
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(await page.getByRole('button', { name: 'Set up two-factor authentication' }).count()).toBe(0);
    await page.getByLabel('Code from the app').fill(await currentTotpCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('recovery-codes').waitFor();

    // Later, adding a passkey asks again; this time the member confirms with a code.
    await systemClient().session.updateMany({ where: { memberId: member.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    await redisStampsGone(member.id);
    await addVirtualAuthenticator(page);
    await page.goto(`${origin(host)}/settings`);
    await page.getByLabel('Name for a new passkey').fill('Virtual key');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Use an authentication code instead' }).click();
    await dialog.getByLabel('Code from your authenticator app (or a recovery code)').fill(await currentTotpCode(secret, new Date(Date.now() + 30_000)));
    await screenshot(page, 'step-up-prompt-code');
    await page.keyboard.press('Enter');
    await page.getByTestId('passkey-list').getByText('Virtual key').waitFor();
    const stored = await systemClient().member.findUniqueOrThrow({ where: { id: member.id }, select: { webAuthnCredentials: { select: { name: true } } } });
    expect(stored.webAuthnCredentials.map((row) => row.name)).toEqual(['Virtual key']);

    // Still within the five minutes of that proof: the e-mail change goes through without asking.
    await page.getByLabel('New e-mail address').fill('petra.new@e2e.invalid');
    await page.getByRole('button', { name: 'Change e-mail' }).click();
    await page.getByText('Your address is now petra.new@e2e.invalid.').waitFor();
    expect(await dialog.isVisible()).toBe(false);
  });

  it('offers a moderator actions on members only, not on admins or other moderators', async () => {
    const [moderator, admin, plain] = await Promise.all([
      createMember({ db: systemClient(), tenantSlug: slug, username: 'mona', email: 'mona@e2e.invalid', password, role: 'staff' }),
      createMember({ db: systemClient(), tenantSlug: slug, username: 'adam', email: 'adam@e2e.invalid', password, role: 'admin' }),
      createMember({ db: systemClient(), tenantSlug: slug, username: 'nils', email: 'nils@e2e.invalid', password }),
    ]);
    const page = await (await browser.newContext()).newPage();
    await logIn(page, host, moderator.username);
    await page.goto(`${origin(host)}/staff`);
    const row = (username: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: username, exact: true }) });
    await row(plain.username).getByRole('button', { name: 'Disable…' }).waitFor();
    await page.getByTestId(`no-actions-${admin.username}`).waitFor();
    expect(await row(admin.username).getByRole('button').count()).toBe(0);
    expect(await row(admin.username).getByRole('combobox').count()).toBe(0);
    expect(await page.getByTestId(`no-actions-${moderator.username}`).textContent()).toBe('you');
    await screenshot(page, 'step-up-staff-members');
  });
});
