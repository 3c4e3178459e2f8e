// Tenant export (issue 14) against the run's PostgreSQL: the worker's builder writes the
// archive into chunks; the test reads it back through the download link, unpacks it
// with the system's tar, parses every JSON file, and checks no secret left the database.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseMetainfo } from '@swarmhost/bittorrent';
import { systemClient } from '@swarmhost/db/system';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildNextTenantExport,
  createExportDownloadToken,
  EXPORT_CHUNK_BYTES,
  EXPORT_TABLES,
  expireTenantExports,
  listTenantExports,
  openExportDownload,
  requestTenantExport,
  ROWS_PER_PART,
} from '../src/tenants/export/index';
import { seedBusyTenant } from './busy-tenant';

/** Column names that hold secrets anywhere in the schema: none may appear in an export. */
const SECRET_COLUMNS = ['password_hash', 'passkey', 'rss_key', 'totp_secret', 'totp_last_used_step', 'recovery_codes', 'token_hash', 'credential_id', 'public_key', 'code', 'idempotency_key', 'torrent_file', 'search_vector'];
const HOUR = 3_600_000;
const scratch = mkdtempSync(path.join(tmpdir(), 'swarmhost-export-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(path.join(directory, name)).isFile()).sort();
}

describe('tenant export', () => {
  it('builds one .tar.gz of JSON parts and .torrent files without secrets, downloadable for 24 hours', async () => {
    const db = systemClient();
    const busy = await seedBusyTenant({ bulkMembers: 3000 });
    const operator = await db.operator.create({ data: { username: `exporter-${busy.slug}`, email: `exporter-${busy.slug}@example.org`, passwordHash: 'x' }, select: { id: true } });
    const tenant = { id: busy.id, slug: busy.slug };
    // The site's look and rules, and an application (its password hash must stay behind).
    const logo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('logo-bytes')]);
    await db.tenantSite.create({ data: { tenantId: busy.id, accentColor: '#aa3300', rulesMarkdown: '# Be kind', faqMarkdown: 'Ask staff', logoImage: new Uint8Array(logo), logoType: 'image/png', logoUpdatedAt: new Date() } });
    await db.membershipApplication.create({ data: { tenantId: busy.id, username: 'hopeful', email: 'hopeful@example.org', passwordHash: 'application-hash-secret', message: 'I seed a lot' } });
    const requested = await requestTenantExport({ db, tenant, operatorId: operator.id });
    expect(requested.status).toBe('pending');
    await expect(requestTenantExport({ db, tenant, operatorId: operator.id })).rejects.toThrow('already being built');

    const builtAt = new Date('2026-12-01T10:00:00Z');
    let clock = builtAt;
    const built = await buildNextTenantExport({ db, now: () => clock });
    expect(built).toEqual({ exportId: requested.id, status: 'ready' });
    const [summary] = await listTenantExports({ db, tenantId: busy.id });
    expect(summary).toMatchObject({ id: requested.id, status: 'ready', stage: 'done', expiresAt: new Date(builtAt.getTime() + 24 * HOUR).toISOString() });
    expect(summary!.rowsDone).toBe(summary!.rowsTotal);
    expect(summary!.rowsTotal).toBeGreaterThan(3000);
    // Stored as chunks of at most 1 MiB, in order.
    const chunks = await db.tenantExportChunk.findMany({ where: { exportId: requested.id }, select: { seq: true, data: true }, orderBy: { seq: 'asc' } });
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index));
    expect(Math.max(...chunks.map((chunk) => chunk.data.length))).toBeLessThanOrEqual(EXPORT_CHUNK_BYTES + 65_536);

    const { token } = await createExportDownloadToken({ db, tenantId: busy.id, exportId: requested.id, now: clock });
    const opened = await openExportDownload({ db, token, now: clock });
    expect(opened.fileName).toBe(`${busy.slug}-export-2026-12-01.tar.gz`);
    const parts: Uint8Array[] = [];
    for await (const chunk of opened.chunks) parts.push(chunk);
    const archive = Buffer.concat(parts);
    expect(archive.length).toBe(opened.byteSize);
    writeFileSync(path.join(scratch, 'export.tar.gz'), archive);
    const out = path.join(scratch, 'out');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xzf', path.join(scratch, 'export.tar.gz'), '-C', out]);

    const files = filesUnder(out);
    expect(files).toContain('community.json');
    expect(files).toContain('README.txt');
    for (const table of EXPORT_TABLES) expect(files).toContain(`${table.file}/0001.json`);
    // Members come in pages: 3001 rows make two parts.
    expect(files.filter((name) => name.startsWith('members/'))).toEqual(['members/0001.json', 'members/0002.json']);

    const everything: string[] = [];
    const rows: Record<string, Record<string, unknown>[]> = {};
    for (const name of files.filter((file) => file.endsWith('.json'))) {
      const text = readFileSync(path.join(out, name), 'utf8');
      everything.push(text);
      const parsed: unknown = JSON.parse(text);
      if (name === 'community.json') continue;
      expect(Array.isArray(parsed)).toBe(true);
      const folder = name.split('/')[0]!;
      rows[folder] = [...(rows[folder] ?? []), ...(parsed as Record<string, unknown>[])];
      expect((parsed as unknown[]).length).toBeLessThanOrEqual(ROWS_PER_PART);
    }
    expect(rows.members).toHaveLength(3001);
    const keeper = rows.members!.find((member) => member.username === 'keeper')!;
    expect(keeper).toMatchObject({ email: 'keeper@example.org', role: 'admin' });
    for (const member of rows.members!) for (const column of SECRET_COLUMNS) expect(member).not.toHaveProperty(column);
    for (const list of Object.values(rows)) for (const row of list) for (const column of SECRET_COLUMNS) expect(row).not.toHaveProperty(column);
    const allText = everything.join('\n');
    for (const [name, secret] of Object.entries(busy.secrets)) expect(allText.includes(secret), `${name} leaked`).toBe(false);
    expect(allText).not.toContain('bulk-hash-');
    expect(allText).not.toContain('application-hash-secret');
    expect(rows['membership-applications']).toEqual([expect.objectContaining({ username: 'hopeful', message: 'I seed a lot', status: 'pending' })]);
    expect(readFileSync(path.join(out, 'site-logo.png'))).toEqual(logo);
    expect(rows.comments).toHaveLength(50);
    expect(rows['request-bounties']).toHaveLength(1);
    expect(rows['playlist-items']).toHaveLength(1);
    expect(rows['chat-messages']!.length).toBeGreaterThanOrEqual(20);
    const community = JSON.parse(readFileSync(path.join(out, 'community.json'), 'utf8')) as {
      community: { slug: string };
      hosts: string[];
      plan: { name: string; max_members: number } | null;
      site: { accent_color: string; rules_markdown: string; faq_markdown: string } | null;
    };
    expect(community.community.slug).toBe(busy.slug);
    expect(community.site).toMatchObject({ accent_color: '#aa3300', rules_markdown: '# Be kind', faq_markdown: 'Ask staff' });
    expect(community.plan?.max_members).toBeGreaterThan(0);
    expect(community.hosts).toEqual([`${busy.slug}.example.net`]);

    // Each .torrent file hashes to the info hash the database holds for it.
    const torrentFiles = files.filter((name) => name.startsWith('torrent-files/'));
    expect(torrentFiles).toHaveLength(busy.torrents.length);
    const inDb = await db.torrent.findMany({ where: { tenantId: busy.id }, select: { infoHash: true } });
    const hashes = torrentFiles.map((name) => parseMetainfo(new Uint8Array(readFileSync(path.join(out, name)))).infoHash);
    expect(hashes.sort()).toEqual(inDb.map((row) => row.infoHash).sort());
    for (const name of torrentFiles) expect(name).toBe(`torrent-files/${parseMetainfo(new Uint8Array(readFileSync(path.join(out, name)))).infoHash}.torrent`);

    // The link works until 24 hours after the build, then the archive is removed.
    clock = new Date(builtAt.getTime() + 24 * HOUR - 1000);
    await expect(openExportDownload({ db, token, now: clock })).resolves.toMatchObject({ byteSize: archive.length });
    expect(await expireTenantExports({ db, now: () => clock })).toBe(0);
    clock = new Date(builtAt.getTime() + 24 * HOUR);
    await expect(openExportDownload({ db, token, now: clock })).rejects.toThrow('has expired');
    await expect(createExportDownloadToken({ db, tenantId: busy.id, exportId: requested.id, now: clock })).rejects.toThrow('has expired');
    expect(await expireTenantExports({ db, now: () => clock })).toBe(1);
    expect(await db.tenantExportChunk.count({ where: { exportId: requested.id } })).toBe(0);
    await expect(openExportDownload({ db, token, now: builtAt })).rejects.toThrow('not valid');
    expect((await listTenantExports({ db, tenantId: busy.id }))[0]?.status).toBe('expired');
  });

  it('refuses a link for an export that is not ready, and one for another tenant', async () => {
    const db = systemClient();
    const busy = await seedBusyTenant({ bulkMembers: 1 });
    const other = await seedBusyTenant({ bulkMembers: 1 });
    const operator = await db.operator.create({ data: { username: `exporter-${busy.slug}`, email: `exporter-${busy.slug}@example.org`, passwordHash: 'x' }, select: { id: true } });
    const requested = await requestTenantExport({ db, tenant: busy, operatorId: operator.id });
    await expect(createExportDownloadToken({ db, tenantId: busy.id, exportId: requested.id, now: new Date() })).rejects.toThrow('not ready yet');
    await expect(createExportDownloadToken({ db, tenantId: other.id, exportId: requested.id, now: new Date() })).rejects.toThrow('no such export');
    await expect(openExportDownload({ db, token: 'made-up-token', now: new Date() })).rejects.toThrow('not valid');
    // Left waiting it would be the next export another test file's builder claims.
    await db.tenantExport.delete({ where: { id: requested.id } });
  });
});
