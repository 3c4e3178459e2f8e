// What most journeys share: one Chromium per test file (closed, with the database
// clients, when the file ends) and a member signed in through the login form in a
// browser context of their own.
import { disconnectAll } from '@swarmhost/db';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';

/** Launches Chromium before the file's tests; returns the browser (valid inside tests). */
export function chromiumForFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await disconnectAll();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running: call browser() inside a test');
    return browser;
  };
}

/** Logs `username` in on `origin` and waits for the landing page (the home page, `/`). */
export async function logIn(browser: Browser, origin: string, username: string, password: string, context: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, ...context })).newPage();
  await page.goto(`${origin}/login`);
  await page.getByLabel('Username or e-mail').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL(`${origin}/`);
  return page;
}
