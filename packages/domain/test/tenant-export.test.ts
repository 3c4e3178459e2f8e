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
import { fileReport, openTicket, replyToTicket, setReportStatus, updateTicket } from '../src/index';
import { seedBusyTenant } from './busy-tenant';

/** Column names that hold secrets anywhere in the schema: none may appear in an export. */
const SECRET_COLUMNS = ['password_hash', 'passkey', 'rss_key', 'totp_secret', 'totp_last_used_step', 'recovery_codes', 'token_hash', 'credential_id', 'public_key', 'code', 'idempotency_key', 'torrent_file', 'search_vector'];
const HOUR = 3_600_000;
const scratch = mkdtempSync(path.join(tmpdir(), 'swarmhost-export-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Text that sits only in a private message (and in a report's label quoting it): it must never reach an export. */
const PRIVATE_MESSAGE_TEXT = 'meet me at the old mill, bring the ledger';

/** A forum with an edited post, a resolved report, one on a private message, and a closed ticket answered by staff. */
async function seedForumsReportsTickets(tenantId: string) {
  const db = systemClient();
  const keeper = await db.member.findFirstOrThrow({ where: { tenantId, username: 'keeper' }, select: { id: true, role: true } });
  const member = await db.member.findFirstOrThrow({ where: { tenantId, role: 'member' }, select: { id: true, role: true }, orderBy: { createdAt: 'asc' } });
  const group = await db.group.findFirstOrThrow({ where: { tenantId }, select: { id: true } });
  const category = await db.forumCategory.create({ data: { tenantId, name: 'General', position: 1 }, select: { id: true } });
  const forum = await db.forum.create({ data: { tenantId, categoryId: category.id, name: 'Introductions', description: 'Say hello' }, select: { id: true } });
  await db.forumPermission.create({ data: { tenantId, forumId: forum.id, groupId: group.id, canRead: true, canReply: true, canStartTopics: false } });
  const topic = await db.forumTopic.create({ data: { tenantId, forumId: forum.id, authorId: member.id, title: 'Hello from the hills', postCount: 2, locked: true }, select: { id: true } });
  const first = await db.forumPost.create({
    data: { tenantId, topicId: topic.id, authorId: member.id, position: 1, body: 'Hello, I seed Linux images.', editedAt: new Date(), editCount: 1 },
    select: { id: true },
  });
  await db.forumPost.create({ data: { tenantId, topicId: topic.id, authorId: keeper.id, position: 2, body: 'Welcome aboard!' } });
  await db.forumPostRevision.create({ data: { tenantId, postId: first.id, body: 'Hello, I seed things.', editedById: member.id } });

  const report = await fileReport({ tenantId, reporter: member, targetType: 'member', targetId: keeper.id, reason: 'asked me for my password' });
  await setReportStatus({ tenantId, staffId: keeper.id }, { reportId: report.id, status: 'resolved', note: 'it was a phishing look-alike; warned everyone' });
  const conversation = await db.conversation.create({ data: { tenantId, subject: 'about the ledger', createdById: member.id, lastSeq: 1 }, select: { id: true } });
  await db.conversationParticipant.createMany({ data: [{ tenantId, conversationId: conversation.id, memberId: member.id }, { tenantId, conversationId: conversation.id, memberId: keeper.id }] });
  const message = await db.privateMessage.create({ data: { tenantId, conversationId: conversation.id, authorId: keeper.id, seq: 1, body: PRIVATE_MESSAGE_TEXT }, select: { id: true } });
  await db.report.create({
    data: { tenantId, reporterId: member.id, targetType: 'message', targetId: message.id, contextId: conversation.id, targetLabel: `keeper: ${PRIVATE_MESSAGE_TEXT}`, reason: 'creepy message' },
  });

  const ticket = await openTicket({ tenantId, memberId: member.id, subject: 'My ratio looks wrong', category: 'economy', body: 'It says 0.2 but I seeded for weeks.' });
  await replyToTicket({ tenantId, author: keeper, ticketId: ticket.id, body: 'Fixed: your client reported the wrong port.' });
  await updateTicket({ tenantId, staffId: keeper.id, ticketId: ticket.id, status: 'closed' });
  return { forumId: forum.id, topicId: topic.id, firstPostId: first.id, reportId: report.id, ticketId: ticket.id, keeperId: keeper.id, memberId: member.id };
}

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
    const seeded = await seedForumsReportsTickets(busy.id);
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

    // Forums whole: categories, forums, per-group rights, topics, posts and each post's earlier text.
    for (const folder of ['forum-categories', 'forums', 'forum-permissions', 'forum-topics', 'forum-posts', 'forum-post-revisions', 'reports', 'report-history', 'tickets', 'ticket-replies', 'ticket-history']) {
      expect(files, folder).toContain(`${folder}/0001.json`);
    }
    expect(rows['forum-categories']).toEqual([expect.objectContaining({ name: 'General', position: 1 })]);
    expect(rows.forums).toEqual([expect.objectContaining({ id: seeded.forumId, name: 'Introductions', description: 'Say hello' })]);
    expect(rows['forum-permissions']).toEqual([expect.objectContaining({ forum_id: seeded.forumId, can_read: true, can_reply: true, can_start_topics: false })]);
    expect(rows['forum-topics']).toEqual([expect.objectContaining({ id: seeded.topicId, forum_id: seeded.forumId, title: 'Hello from the hills', locked: true, author_id: seeded.memberId })]);
    expect(rows['forum-posts']!.map((post) => [post.position, post.body, post.edit_count])).toEqual(
      expect.arrayContaining([
        [1, 'Hello, I seed Linux images.', 1],
        [2, 'Welcome aboard!', 0],
      ]),
    );
    expect(rows['forum-posts']).toHaveLength(2);
    expect(rows['forum-post-revisions']).toEqual([expect.objectContaining({ post_id: seeded.firstPostId, body: 'Hello, I seed things.', edited_by_id: seeded.memberId })]);
    // Reports with their outcome and what staff did; tickets with every message.
    expect(rows.reports).toHaveLength(2);
    expect(rows.reports!.find((report) => report.id === seeded.reportId)).toMatchObject({
      reason: 'asked me for my password',
      status: 'resolved',
      resolution_note: 'it was a phishing look-alike; warned everyone',
      resolved_by_id: seeded.keeperId,
    });
    expect(rows['report-history']).toEqual([expect.objectContaining({ action: 'report.resolve', target_id: seeded.reportId, actor_member_id: seeded.keeperId })]);
    expect(rows.tickets).toEqual([expect.objectContaining({ id: seeded.ticketId, subject: 'My ratio looks wrong', status: 'closed', member_id: seeded.memberId })]);
    expect(rows['ticket-replies']!.map((reply) => [reply.from_staff, reply.body])).toEqual(
      expect.arrayContaining([
        [false, 'It says 0.2 but I seeded for weeks.'],
        [true, 'Fixed: your client reported the wrong port.'],
      ]),
    );
    expect(rows['ticket-history']).toEqual([expect.objectContaining({ action: 'ticket.update', target_id: seeded.ticketId })]);
    // Private messages stay behind: no conversation or message file, their text nowhere (not even a report quoting one).
    expect(files.filter((name) => /^(conversation|private|messages)/.test(name))).toEqual([]);
    expect(rows.reports!.find((report) => report.target_type === 'message')).toMatchObject({ reason: 'creepy message', target_label: 'a private message (not exported)' });
    expect(allText).not.toContain(PRIVATE_MESSAGE_TEXT);
    expect(allText).not.toContain('about the ledger');
    const readme = readFileSync(path.join(out, 'README.txt'), 'utf8');
    expect(readme).toContain('Private messages are not in this export');
    expect(readme).toContain('forum-post-revisions');
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
