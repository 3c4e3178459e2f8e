// "Start a community" with a passkey (issue 14), in Chromium with a virtual authenticator:
// the owner account is made with a passkey instead of password + TOTP, the e-mail link
// is opened, the TOTP step is skipped (the passkey is the second factor), the community
// is created and the owner lands on it; then, logged out, the owner logs in to the
// console with the passkey alone and finds the community there.
import { randomBytes } from 'node:crypto';
import { configureDatabase } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { readOutbox } from '@swarmhost/domain';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addVirtualAuthenticator, screenshot } from './browser';
import { chromiumForFile } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const consoleOrigin = `http://localhost:${env.port}`;
const browser = chromiumForFile();
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

afterAll(() => {
  redis.disconnect();
});

describe('start a community with a passkey', () => {
  it('signs up with a passkey, starts a community without TOTP, and logs in to the console with the passkey', async () => {
    const runId = randomBytes(3).toString('hex');
    const username = `keyowner${runId}`;
    const email = `${username}@e2e.invalid`;
    const slug = `keys${runId}`;
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await addVirtualAuthenticator(page);

    await page.goto(`${consoleOrigin}/start`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('A passkey (this device or a security key)').check();
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    await screenshot(page, 'owner-passkey-01-account');
    await page.getByRole('button', { name: 'Create account with a passkey' }).click();
    await page.getByRole('heading', { name: '2. Confirm your e-mail address' }).waitFor();
    const stored = await systemClient().operator.findUniqueOrThrow({ where: { username }, select: { role: true, totpSecret: true, _count: { select: { passkeys: true } } } });
    expect(stored).toEqual({ role: 'owner', totpSecret: null, _count: { passkeys: 1 } });

    const mail = (await readOutbox(redis, 200, { tenantId: null })).find((entry) => entry.to === email);
    const verifyLink = mail?.text.match(/http\S+\/start\/verify\?token=\S+/)?.[0];
    expect(verifyLink).toBeDefined();
    await page.goto(verifyLink ?? '');
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await page.getByRole('link', { name: 'Continue to start your community' }).click();
    // No authenticator-app step: the passkey already is the second factor.
    await page.getByLabel('Community name').waitFor();
    expect(await page.getByRole('button', { name: 'Set up two-factor authentication' }).count()).toBe(0);
    await page.getByLabel('Community name').fill('Passkey Films');
    await page.getByLabel('Address', { exact: true }).fill(slug);
    await page.getByTestId('slug-status').getByText(`${slug}.localhost:${env.port} is free`).waitFor();
    await screenshot(page, 'owner-passkey-02-community');
    await page.getByLabel('Address', { exact: true }).press('Enter');
    await page.waitForURL(`http://${slug}.localhost:${env.port}/`);
    await page.getByText(username).first().waitFor();

    // Log out of the console, then back in with the passkey alone.
    await page.goto(`${consoleOrigin}/`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in with a passkey' }).waitFor();
    await screenshot(page, 'owner-passkey-03-console-login');
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Your communities' }).waitFor();
    expect(await page.getByTestId(`tenant-${slug}`).count()).toBe(1);
    await screenshot(page, 'owner-passkey-04-console');
    await context.close();
  });
});
