// Plans and branding (issue 14) in Chromium. On a community's site its admin sets the
// accent colour, logo, rules and the application mode by keyboard on /staff/site (a
// file that is not an image is refused); visitors see them at once; a visitor applies,
// staff accept, the applicant logs in. In the console a platform admin creates a small
// plan, moves the community onto it, and the usage page shows full bars; the site then
// tells applicants the community is full.
import { randomBytes } from 'node:crypto';
import { currentTotpCode } from '@swarmhost/auth/totp';
import { configureDatabase } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant } from '@swarmhost/domain';
import { describe, expect, inject, it } from 'vitest';
import { screenshot } from './browser';
import { chromiumForFile, logIn } from './session';

const env = inject('e2e');
configureDatabase({ urls: env.databaseUrls });
const consoleOrigin = `http://localhost:${env.port}`;
const browser = chromiumForFile();

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('a community’s look, pages, applications and plan', () => {
  it('admin brands the site by keyboard, a visitor applies and is accepted, the console shows the plan full', async () => {
    const slug = `brand${randomBytes(3).toString('hex')}`;
    const origin = `http://${slug}.localhost:${env.port}`;
    await createTenant({ db: systemClient(), slug, name: 'Jazz Vault', settings: { registrationMode: 'open' } });
    await createMember({ db: systemClient(), tenantSlug: slug, username: 'ada', email: 'ada@e2e.invalid', password: 'branding admin password', role: 'admin' });

    // Empty states before anything is written.
    const visitor = await (await browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await visitor.goto(`${origin}/rules`);
    await visitor.getByTestId('markdown-empty').filter({ hasText: 'Jazz Vault has not written its rules yet.' }).waitFor();
    await visitor.goto(`${origin}/faq`);
    await visitor.getByTestId('markdown-empty').filter({ hasText: 'Jazz Vault has no FAQ yet.' }).waitFor();
    await screenshot(visitor, 'branding-01-faq-empty');

    const admin = await logIn(browser(), origin, 'ada', 'branding admin password');
    await admin.goto(`${origin}/staff`);
    await admin.getByRole('link', { name: 'Site look, rules, FAQ and registration' }).click();
    await admin.getByRole('heading', { name: 'Site look, pages and registration' }).waitFor();
    // A "logo" that is SVG text under a .png name is refused by its contents.
    await admin.getByLabel('Image').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    await admin.getByRole('button', { name: 'Upload logo' }).click();
    await admin.getByText("logo: must be a PNG, JPEG or WebP image (the file's contents are none of these").waitFor();
    await admin.getByLabel('Image').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await admin.getByRole('button', { name: 'Upload logo' }).click();
    await admin.getByAltText('The current logo').waitFor();

    // The rest by keyboard: a bad colour first, then a good one.
    await admin.getByLabel('Accent colour').focus();
    await admin.keyboard.type('teal');
    await admin.keyboard.press('Tab');
    await admin.keyboard.press('Tab');
    await admin.getByLabel('Registration').selectOption('application');
    await admin.getByLabel('Rules (Markdown)').focus();
    await admin.keyboard.type('# House rules\n\n- Seed what you take\n- <script>alert(1)</script> is shown as text');
    await admin.getByLabel('FAQ (Markdown)').focus();
    await admin.keyboard.type('## Why apply?\n\nWe are small.');
    await admin.getByRole('button', { name: 'Save' }).focus();
    await admin.keyboard.press('Enter');
    await admin.getByText('accent colour: "teal" is not a colour; use a hex colour such as #4f46e5').waitFor();
    await admin.getByLabel('Accent colour').fill('#0F766E');
    await admin.getByLabel('Accent colour').press('Enter');
    await admin.getByText('Saved: every page shows it from now on.').waitFor();
    await screenshot(admin, 'branding-02-staff-site-saved');

    // The visitor sees it all on the next page load.
    await visitor.goto(`${origin}/rules`);
    await visitor.getByRole('heading', { name: 'House rules' }).waitFor();
    expect(await visitor.locator('[data-testid="markdown-body"] script').count()).toBe(0);
    await visitor.getByText('<script>alert(1)</script> is shown as text').waitFor();
    expect(await visitor.evaluate(() => getComputedStyle(document.body).getPropertyValue('--accent').trim())).toBe('#0f766e');
    const logo = visitor.getByTestId('site-logo');
    await logo.waitFor();
    expect(await logo.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBe(1);
    const served = await visitor.evaluate(async () => {
      const response = await fetch('/site-logo');
      return [response.headers.get('content-type'), response.headers.get('x-content-type-options')];
    });
    expect(served).toEqual(['image/png', 'nosniff']);
    await screenshot(visitor, 'branding-03-rules-branded');

    // Registration is by application now: the visitor applies by keyboard.
    await visitor.goto(`${origin}/register`);
    await visitor.getByRole('link', { name: 'Apply to join' }).click();
    await visitor.getByLabel('Username').fill('bix');
    await visitor.getByLabel('E-mail').fill('bix@e2e.invalid');
    await visitor.getByLabel('Password').fill('applicant password');
    await visitor.getByLabel('About you').fill('I seed 1950s jazz in FLAC.');
    await visitor.getByRole('button', { name: 'Send application' }).focus();
    await visitor.keyboard.press('Enter');
    await visitor.getByText('Application sent. The staff will answer at bix@e2e.invalid').waitFor();
    await screenshot(visitor, 'branding-04-applied');

    await admin.goto(`${origin}/staff/applications`);
    await admin.getByRole('listitem', { name: 'Application from bix' }).getByText('I seed 1950s jazz in FLAC.').waitFor();
    await admin.getByLabel('Note to the applicant (optional)').fill('Welcome!');
    await admin.getByRole('button', { name: 'Accept bix' }).click();
    await admin.getByText('bix: accepted; they were mailed.').waitFor();
    await admin.getByTestId('applications-empty').waitFor();
    await screenshot(admin, 'branding-05-application-accepted');
    const applicant = await logIn(browser(), origin, 'bix', 'applicant password');
    expect(applicant.url()).toBe(`${origin}/`);

    // Console: a platform admin makes a 2-member plan and moves the community onto it.
    await systemClient().operator.update({ where: { username: env.operator.username }, data: { role: 'admin' } });
    const consolePage = await (await browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await consolePage.goto(`${consoleOrigin}/`);
    await consolePage.getByLabel('Username or e-mail').fill(env.operator.username);
    await consolePage.getByLabel('Password').fill(env.operator.password);
    await consolePage.getByRole('button', { name: 'Log in', exact: true }).click();
    await consolePage.getByLabel('Authentication code').fill(await currentTotpCode(env.operator.totpSecret));
    await consolePage.getByRole('button', { name: 'Verify' }).click();
    await consolePage.getByRole('link', { name: 'Plans' }).click();
    const planName = `Duo ${randomBytes(2).toString('hex')}`;
    const form = consolePage.getByRole('form', { name: 'New plan' });
    await form.getByLabel('Name').fill(planName);
    await form.getByLabel('Price label').fill('Free');
    await form.getByLabel('Max members').fill('0');
    await form.getByLabel('Max torrents').fill('10');
    await form.getByLabel('Announces per second').fill('5');
    await form.getByLabel('Max .torrent file (MiB)').fill('1');
    await form.getByLabel('Searches per second').fill('8');
    await form.getByLabel('Max torrents').press('Enter');
    await form.getByText('max members: must be at least 1').waitFor();
    await form.getByLabel('Max members').fill('2');
    await form.getByLabel('Max members').press('Enter');
    await consolePage.getByText(`${planName} saved.`).waitFor();
    await screenshot(consolePage, 'branding-06-console-plans');

    await consolePage.goto(`${consoleOrigin}/console/tenants/${slug}/usage`);
    await consolePage.getByLabel('Plan', { exact: true }).selectOption({ label: planName });
    await consolePage.getByRole('button', { name: 'Move to this plan' }).click();
    await consolePage.getByText(`Plan: ${planName} (Free)`).waitFor();
    await consolePage.getByTestId('usage-members').getByText('2 of 2 (100 %)').waitFor();
    await consolePage.getByText('At the limit: registrations and applications are refused').waitFor();
    // The search budget as the owner reads it: the community's, and each member's share (a quarter, rounded up).
    await consolePage.getByText('8 for the whole community, 2 for each member.').waitFor();
    await screenshot(consolePage, 'branding-07-console-usage-full');

    await visitor.goto(`${origin}/apply`);
    await visitor.getByText('Jazz Vault is full: it has reached its plan’s member limit. Try again later.').waitFor();
  });
});
