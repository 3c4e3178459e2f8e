// Reports and tickets against real PostgreSQL: a member reports only what they can see,
// once while unresolved and a few times an hour; staff alone work the queue, closing
// needs a note, every staff action leaves an audit row and the reporter is notified.
// Tickets: a member sees only their own, staff all of their community, never another's.
import { systemClient } from '@swarmhost/db/system';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assignReport,
  countOpenReports,
  fileReport,
  getTicket,
  listOwnTickets,
  listReports,
  listTickets,
  openTicket,
  reopenReport,
  replyToTicket,
  setReportStatus,
  updateTicket,
} from '../src/index';
import { REPORTS_PER_HOUR } from '../src/reports/file-report';
import { TICKETS_PER_DAY } from '../src/tickets/ticket-rules';
import { newMember, newTenant, newTorrent } from '../src/testing/fixtures';

type Tenant = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof newMember>>;

const viewer = (member: Member) => ({ id: member.id, role: member.role });

async function comment(tenantId: string, torrentId: string, authorId: string, deleted = false) {
  return systemClient().comment.create({
    data: { tenantId, torrentId, authorId, body: 'buy cheap invites at example.invalid', deletedAt: deleted ? new Date() : null },
    select: { id: true },
  });
}

describe('reports', () => {
  let tenant: Tenant;
  let other: Tenant;
  let reporter: Member;
  let author: Member;
  let staff: Member;
  let admin: Member;
  let approved: { id: string; name: string };

  beforeAll(async () => {
    tenant = await newTenant('rep');
    other = await newTenant('rep-other');
    reporter = await newMember(tenant);
    author = await newMember(tenant);
    staff = await newMember(tenant, 'staff');
    admin = await newMember(tenant, 'admin');
    approved = await newTorrent(tenant, { uploaderId: author.id });
  });

  it('files a report on a visible torrent, comment and member with a label staff can read', async () => {
    const posted = await comment(tenant.id, approved.id, author.id);
    const onTorrent = await fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'torrent', targetId: approved.id, reason: 'fake upload, wrong files' });
    const onComment = await fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'comment', targetId: posted.id, reason: 'spam link' });
    const onMember = await fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'member', targetId: author.id, reason: 'selling invites' });
    expect(onTorrent).toMatchObject({ status: 'open', targetLabel: approved.name });
    expect(onComment.targetLabel).toBe(`${author.username}: buy cheap invites at example.invalid`);
    expect(onMember.targetLabel).toBe(author.username);
    const stored = await systemClient().report.findUniqueOrThrow({ where: { id: onComment.id } });
    expect(stored).toMatchObject({ tenantId: tenant.id, reporterId: reporter.id, contextId: approved.id, reason: 'spam link' });
  });

  it('refuses what the reporter cannot see, as if it did not exist', async () => {
    const pending = await newTorrent(tenant, { uploaderId: author.id, status: 'pending' });
    const deletedComment = await comment(tenant.id, approved.id, author.id, true);
    const onPending = await comment(tenant.id, pending.id, author.id);
    const foreignTorrent = await newTorrent(other);
    const foreignMember = await newMember(other);
    const attempts: [string, string][] = [
      ['torrent', pending.id],
      ['comment', deletedComment.id],
      ['comment', onPending.id],
      ['torrent', foreignTorrent.id],
      ['member', foreignMember.id],
      ['torrent', '00000000-0000-4000-8000-000000000000'],
    ];
    for (const [targetType, targetId] of attempts) {
      await expect(fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: targetType as 'torrent', targetId, reason: 'looks wrong' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    // The uploader sees their pending torrent, so they may report a comment on it.
    await expect(fileReport({ tenantId: tenant.id, reporter: viewer(author), targetType: 'comment', targetId: onPending.id, reason: 'rude comment' })).resolves.toMatchObject({ status: 'open' });
    await expect(fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'member', targetId: reporter.id, reason: 'myself' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    for (const targetType of ['post', 'message'] as const) {
      await expect(fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType, targetId: approved.id, reason: 'spam' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await systemClient().report.count({ where: { reporterId: reporter.id, targetId: { in: attempts.map((attempt) => attempt[1]) } } })).toBe(0);
  });

  it('reports a forum post only where its forum is readable, a private message only by a participant', async () => {
    const db = systemClient();
    const group = await db.group.findFirst({ where: { tenantId: tenant.id, isDefault: true }, select: { id: true } });
    const category = await db.forumCategory.create({ data: { tenantId: tenant.id, name: 'General' }, select: { id: true } });
    const forum = async (name: string, readable: boolean) => {
      const created = await db.forum.create({ data: { tenantId: tenant.id, categoryId: category.id, name }, select: { id: true } });
      if (readable && group) await db.forumPermission.create({ data: { tenantId: tenant.id, forumId: created.id, groupId: group.id } });
      const topic = await db.forumTopic.create({ data: { tenantId: tenant.id, forumId: created.id, authorId: author.id, title: `${name} topic`, postCount: 1 }, select: { id: true } });
      const post = await db.forumPost.create({ data: { tenantId: tenant.id, topicId: topic.id, authorId: author.id, position: 1, body: `hello from ${name}` }, select: { id: true } });
      return { topic, post };
    };
    const open = await forum('Open forum', true);
    const hidden = await forum('Staff room', false);
    const onPost = await fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'post', targetId: open.post.id, reason: 'off topic' });
    expect(onPost.targetLabel).toBe(`${author.username}: hello from Open forum`);
    expect(await db.report.findUniqueOrThrow({ where: { id: onPost.id }, select: { contextId: true } })).toEqual({ contextId: open.topic.id });
    await expect(fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'post', targetId: hidden.post.id, reason: 'off topic' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(fileReport({ tenantId: tenant.id, reporter: viewer(staff), targetType: 'post', targetId: hidden.post.id, reason: 'off topic' })).resolves.toMatchObject({ status: 'open' });

    const conversation = await db.conversation.create({ data: { tenantId: tenant.id, subject: 'hi', createdById: author.id, lastSeq: 1 }, select: { id: true } });
    await db.conversationParticipant.createMany({
      data: [
        { tenantId: tenant.id, conversationId: conversation.id, memberId: author.id },
        { tenantId: tenant.id, conversationId: conversation.id, memberId: reporter.id },
        { tenantId: tenant.id, conversationId: conversation.id, memberId: admin.id, leftAt: new Date() },
      ],
    });
    const message = await db.privateMessage.create({ data: { tenantId: tenant.id, conversationId: conversation.id, authorId: author.id, seq: 1, body: 'send me your passkey' }, select: { id: true } });
    for (const outsider of [staff, admin]) {
      await expect(fileReport({ tenantId: tenant.id, reporter: viewer(outsider), targetType: 'message', targetId: message.id, reason: 'phishing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    const onMessage = await fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'message', targetId: message.id, reason: 'phishing for passkeys' });
    const [queued] = (await listReports({ tenantId: tenant.id, staffId: staff.id, targetType: 'message' })).reports;
    expect(queued).toMatchObject({ id: onMessage.id, contextId: conversation.id, href: `/staff/messages/${conversation.id}`, targetLabel: `${author.username}: send me your passkey` });
  });

  it('keeps one unresolved report per reporter and target, and says so', async () => {
    const target = await newTorrent(tenant);
    const filing = () => fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'torrent', targetId: target.id, reason: 'duplicate of another upload' });
    const first = await filing();
    await expect(filing()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/reported this torrent already/) });
    // Two at once: still one.
    const again = await Promise.allSettled([filing(), filing()]);
    expect(again.every((result) => result.status === 'rejected')).toBe(true);
    // Another member may report it too; once closed, the reporter may report it again.
    await expect(fileReport({ tenantId: tenant.id, reporter: viewer(author), targetType: 'torrent', targetId: target.id, reason: 'same problem' })).resolves.toBeTruthy();
    await setReportStatus({ tenantId: tenant.id, staffId: staff.id }, { reportId: first.id, status: 'dismissed', note: 'not a duplicate: different source' });
    await expect(filing()).resolves.toMatchObject({ status: 'open' });
  });

  it(`limits a member to ${REPORTS_PER_HOUR} reports an hour with a message saying when to retry`, async () => {
    const busy = await newMember(tenant);
    const torrents = await Promise.all(Array.from({ length: REPORTS_PER_HOUR + 1 }, () => newTorrent(tenant)));
    const now = new Date();
    for (const torrent of torrents.slice(0, REPORTS_PER_HOUR)) {
      await fileReport({ tenantId: tenant.id, reporter: viewer(busy), targetType: 'torrent', targetId: torrent.id, reason: 'bad', now });
    }
    await expect(fileReport({ tenantId: tenant.id, reporter: viewer(busy), targetType: 'torrent', targetId: torrents[REPORTS_PER_HOUR]!.id, reason: 'bad', now })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/try again in 60 minute/),
    });
    const later = new Date(now.getTime() + 3_600_001);
    await expect(fileReport({ tenantId: tenant.id, reporter: viewer(busy), targetType: 'torrent', targetId: torrents[REPORTS_PER_HOUR]!.id, reason: 'bad', now: later })).resolves.toBeTruthy();
  });

  it('lets only staff see and work the queue', async () => {
    await expect(listReports({ tenantId: tenant.id, staffId: reporter.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const target = await newTorrent(tenant);
    const report = await fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'torrent', targetId: target.id, reason: 'wrong category' });
    await expect(assignReport({ tenantId: tenant.id, staffId: reporter.id }, { reportId: report.id, assigneeId: reporter.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setReportStatus({ tenantId: tenant.id, staffId: author.id }, { reportId: report.id, status: 'resolved', note: 'done by me' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Only staff can be assigned.
    await expect(assignReport({ tenantId: tenant.id, staffId: staff.id }, { reportId: report.id, assigneeId: author.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Staff of another community do not find it.
    const foreignStaff = await newMember(other, 'staff');
    await expect(assignReport({ tenantId: other.id, staffId: foreignStaff.id }, { reportId: report.id, assigneeId: foreignStaff.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const queue = await listReports({ tenantId: other.id, staffId: foreignStaff.id, status: 'all' });
    expect(queue.reports.map((row) => row.id)).not.toContain(report.id);
    const row = await systemClient().report.findUniqueOrThrow({ where: { id: report.id } });
    expect(row).toMatchObject({ status: 'open', assigneeId: null });
  });

  it('assigns, resolves only with a note, audits each step and notifies the reporter', async () => {
    const posted = await comment(tenant.id, approved.id, author.id);
    const report = await fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'comment', targetId: posted.id, reason: 'insulting another member' });
    const before = await countOpenReports(tenant.id);
    const assigned = await assignReport({ tenantId: tenant.id, staffId: staff.id }, { reportId: report.id, assigneeId: admin.id });
    expect(assigned).toMatchObject({ status: 'in_progress', assignee: { username: admin.username }, href: `/torrents/${approved.id}#comment-${posted.id}` });
    expect(await countOpenReports(tenant.id)).toMatchObject({ open: before.open - 1, inProgress: before.inProgress + 1 });

    for (const note of [undefined, '', '  ok ']) {
      await expect(setReportStatus({ tenantId: tenant.id, staffId: admin.id }, { reportId: report.id, status: 'resolved', note })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/resolution note/),
      });
    }
    const closedNotices = () => systemClient().notification.findMany({ where: { memberId: reporter.id, kind: 'report.closed', payload: { path: ['reportId'], equals: report.id } } });
    expect(await closedNotices()).toEqual([]);
    const resolved = await setReportStatus({ tenantId: tenant.id, staffId: admin.id }, { reportId: report.id, status: 'resolved', note: 'Comment removed, member warned.' });
    expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: 'Comment removed, member warned.', resolvedBy: admin.username });
    await expect(setReportStatus({ tenantId: tenant.id, staffId: staff.id }, { reportId: report.id, status: 'dismissed', note: 'changed my mind' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(new RegExp(`resolved already by ${admin.username}`)),
    });

    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetType: 'report', targetId: report.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((row) => [row.action, row.actorMemberId])).toEqual([
      ['report.assign', staff.id],
      ['report.resolve', admin.id],
    ]);
    expect(audit[1]!.details).toMatchObject({ note: 'Comment removed, member warned.', from: 'in_progress', to: 'resolved' });
    const notifications = await closedNotices();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.payload).toMatchObject({ reportId: report.id, status: 'resolved', note: 'Comment removed, member warned.', targetType: 'comment' });
  });

  it('reopens a closed report for staff only, audited, without telling the reporter; closing it again tells them again', async () => {
    const posted = await comment(tenant.id, approved.id, author.id);
    const report = await fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'comment', targetId: posted.id, reason: 'spam, again and again' });
    const notices = () =>
      systemClient().notification.findMany({ where: { memberId: reporter.id, kind: 'report.closed', payload: { path: ['reportId'], equals: report.id } }, orderBy: { createdAt: 'asc' } });
    await expect(reopenReport({ tenantId: tenant.id, staffId: staff.id }, { reportId: report.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is open already/) });
    await setReportStatus({ tenantId: tenant.id, staffId: staff.id }, { reportId: report.id, status: 'dismissed', note: 'Looks fine to me.' });
    expect(await notices()).toHaveLength(1);

    await expect(reopenReport({ tenantId: tenant.id, staffId: reporter.id }, { reportId: report.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const reopened = await reopenReport({ tenantId: tenant.id, staffId: admin.id }, { reportId: report.id });
    // Back in the queue with its assignee (the staff member who dismissed it), the outcome cleared.
    expect(reopened).toMatchObject({ status: 'in_progress', resolutionNote: null, resolvedAt: null, resolvedBy: null, assignee: { username: staff.username } });
    expect((await listReports({ tenantId: tenant.id, staffId: staff.id })).reports.map((row) => row.id)).toContain(report.id);
    // The reporter hears nothing of the reopening, and a second reopening is refused.
    expect(await notices()).toHaveLength(1);
    await expect(reopenReport({ tenantId: tenant.id, staffId: admin.id }, { reportId: report.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    // One unresolved report per reporter and target still holds.
    await expect(fileReport({ tenantId: tenant.id, reporter: viewer(reporter), targetType: 'comment', targetId: posted.id, reason: 'still spam' })).rejects.toMatchObject({ code: 'CONFLICT' });

    await setReportStatus({ tenantId: tenant.id, staffId: admin.id }, { reportId: report.id, status: 'resolved', note: 'Removed after a second look.' });
    const after = await notices();
    expect(after.map((row) => row.payload)).toEqual([
      expect.objectContaining({ status: 'dismissed', note: 'Looks fine to me.' }),
      expect.objectContaining({ status: 'resolved', note: 'Removed after a second look.' }),
    ]);
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetType: 'report', targetId: report.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((row) => [row.action, row.actorMemberId])).toEqual([
      ['report.dismiss', staff.id],
      ['report.reopen', admin.id],
      ['report.resolve', admin.id],
    ]);
    expect(audit[1]!.details).toMatchObject({ from: 'dismissed', to: 'in_progress', previousNote: 'Looks fine to me.', previousResolvedById: staff.id });
    // Reopened and closed twice: each closing notifies once more.
    await reopenReport({ tenantId: tenant.id, staffId: admin.id }, { reportId: report.id });
    await setReportStatus({ tenantId: tenant.id, staffId: admin.id }, { reportId: report.id, status: 'resolved', note: 'Removed, for good.' });
    expect(await notices()).toHaveLength(3);
  });

  it('refuses to reopen a report while the reporter has a newer open one on the same target', async () => {
    const target = await newTorrent(tenant, { uploaderId: author.id });
    // A reporter of their own: the shared one has used up this hour's reports.
    const watcher = await newMember(tenant);
    const first = await fileReport({ tenantId: tenant.id, reporter: viewer(watcher), targetType: 'torrent', targetId: target.id, reason: 'wrong category' });
    await setReportStatus({ tenantId: tenant.id, staffId: staff.id }, { reportId: first.id, status: 'resolved', note: 'Moved it.' });
    const second = await fileReport({ tenantId: tenant.id, reporter: viewer(watcher), targetType: 'torrent', targetId: target.id, reason: 'wrong category again' });
    await expect(reopenReport({ tenantId: tenant.id, staffId: staff.id }, { reportId: first.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/newer report on this torrent that is still open/),
    });
    expect((await listReports({ tenantId: tenant.id, staffId: staff.id, status: 'resolved' })).reports.map((row) => row.id)).toContain(first.id);
    expect(second.status).toBe('open');
  });

  it('filters the queue by status and type, oldest first', async () => {
    const target = await newTorrent(tenant);
    const report = await fileReport({ tenantId: tenant.id, reporter: viewer(author), targetType: 'torrent', targetId: target.id, reason: 'dead torrent' });
    const torrents = await listReports({ tenantId: tenant.id, staffId: staff.id, targetType: 'torrent' });
    expect(torrents.reports.every((row) => row.targetType === 'torrent' && ['open', 'in_progress'].includes(row.status))).toBe(true);
    expect(torrents.reports.map((row) => row.id)).toContain(report.id);
    const members = await listReports({ tenantId: tenant.id, staffId: staff.id, targetType: 'member' });
    expect(members.reports.map((row) => row.id)).not.toContain(report.id);
    const resolved = await listReports({ tenantId: tenant.id, staffId: staff.id, status: 'resolved' });
    expect(resolved.reports.length).toBeGreaterThan(0);
    expect(resolved.reports.every((row) => row.status === 'resolved')).toBe(true);
    const times = torrents.reports.map((row) => row.createdAt);
    expect([...times].sort()).toEqual(times);
  });
});

describe('tickets', () => {
  let tenant: Tenant;
  let other: Tenant;
  let member: Member;
  let stranger: Member;
  let staff: Member;

  beforeAll(async () => {
    tenant = await newTenant('tkt');
    other = await newTenant('tkt-other');
    member = await newMember(tenant);
    stranger = await newMember(tenant);
    staff = await newMember(tenant, 'staff');
  });

  it('shows a ticket to its member and staff only; anyone else gets NOT_FOUND', async () => {
    const ticket = await openTicket({ tenantId: tenant.id, memberId: member.id, subject: 'Cannot connect', category: 'tracker_client', priority: 'high', body: 'My client says **unregistered torrent**.' });
    await expect(getTicket({ tenantId: tenant.id, viewer: viewer(member), ticketId: ticket.id })).resolves.toMatchObject({ subject: 'Cannot connect', replies: [{ fromStaff: false }] });
    await expect(getTicket({ tenantId: tenant.id, viewer: viewer(staff), ticketId: ticket.id })).resolves.toMatchObject({ member: { username: member.username } });
    await expect(getTicket({ tenantId: tenant.id, viewer: viewer(stranger), ticketId: ticket.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(replyToTicket({ tenantId: tenant.id, author: viewer(stranger), ticketId: ticket.id, body: 'me too' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const foreignStaff = await newMember(other, 'staff');
    await expect(getTicket({ tenantId: other.id, viewer: viewer(foreignStaff), ticketId: ticket.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateTicket({ tenantId: other.id, staffId: foreignStaff.id, ticketId: ticket.id, status: 'closed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listTickets({ tenantId: other.id, staffId: foreignStaff.id, status: 'all' })).tickets).toEqual([]);
    expect((await listOwnTickets({ tenantId: tenant.id, memberId: stranger.id })).map((row) => row.id)).not.toContain(ticket.id);
    await expect(listTickets({ tenantId: tenant.id, staffId: member.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(updateTicket({ tenantId: tenant.id, staffId: member.id, ticketId: ticket.id, priority: 'high' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a staff reply waits on the member and notifies them; the member reply reopens it', async () => {
    const ticket = await openTicket({ tenantId: tenant.id, memberId: member.id, subject: 'Lost bonus points', category: 'economy', body: 'They vanished yesterday.' });
    await replyToTicket({ tenantId: tenant.id, author: viewer(staff), ticketId: ticket.id, body: 'Which torrent were you seeding?' });
    const afterStaff = await getTicket({ tenantId: tenant.id, viewer: viewer(member), ticketId: ticket.id });
    expect(afterStaff).toMatchObject({ status: 'waiting_on_member', assignee: { username: staff.username } });
    expect(afterStaff.replies.map((reply) => [reply.fromStaff, reply.author])).toEqual([
      [false, member.username],
      [true, staff.username],
    ]);
    const notes = await systemClient().notification.findMany({ where: { memberId: member.id, kind: 'ticket.reply' } });
    expect(notes.map((row) => row.payload)).toEqual([{ ticketId: ticket.id, subject: 'Lost bonus points', staffUsername: staff.username }]);
    await replyToTicket({ tenantId: tenant.id, author: viewer(member), ticketId: ticket.id, body: 'The Debian one.' });
    expect((await getTicket({ tenantId: tenant.id, viewer: viewer(staff), ticketId: ticket.id })).status).toBe('open');
    expect(await systemClient().notification.count({ where: { memberId: member.id, kind: 'ticket.reply' } })).toBe(1);
  });

  it('staff change priority, assignee and status, audited; a closed ticket takes no replies', async () => {
    const ticket = await openTicket({ tenantId: tenant.id, memberId: member.id, subject: 'Rename my account', category: 'account', priority: 'low', body: 'Please.' });
    await expect(updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: ticket.id, assigneeId: stranger.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: ticket.id, priority: 'high', assigneeId: staff.id });
    await updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: ticket.id, status: 'closed' });
    await expect(replyToTicket({ tenantId: tenant.id, author: viewer(member), ticketId: ticket.id, body: 'thanks' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/closed; open a new ticket/),
    });
    const audit = await systemClient().auditLog.findMany({ where: { targetType: 'ticket', targetId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((row) => row.details)).toEqual([
      { subject: 'Rename my account', priority: { from: 'low', to: 'high' }, assignee: { from: null, to: staff.id } },
      { subject: 'Rename my account', status: { from: 'open', to: 'closed' } },
    ]);
    const row = await systemClient().ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.closedAt).not.toBeNull();
  });

  it('tells the member when staff change the status (closed, reopened, waiting), not for priority or assignee', async () => {
    const ticket = await openTicket({ tenantId: tenant.id, memberId: member.id, subject: 'Change my e-mail', category: 'account', body: 'New address inside.' });
    const statusNotes = () =>
      systemClient().notification.findMany({ where: { memberId: member.id, kind: 'ticket.status', payload: { path: ['ticketId'], equals: ticket.id } }, orderBy: { createdAt: 'asc' } });
    await updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: ticket.id, priority: 'high', assigneeId: staff.id });
    expect(await statusNotes()).toEqual([]);
    await updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: ticket.id, status: 'closed' });
    await updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: ticket.id, status: 'open' });
    await updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: ticket.id, status: 'waiting_on_member' });
    // The same status again changes nothing and tells nobody.
    await updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: ticket.id, status: 'waiting_on_member' });
    expect((await statusNotes()).map((row) => row.payload)).toEqual([
      { ticketId: ticket.id, subject: 'Change my e-mail', from: 'open', status: 'closed', staffUsername: staff.username },
      { ticketId: ticket.id, subject: 'Change my e-mail', from: 'closed', status: 'open', staffUsername: staff.username },
      { ticketId: ticket.id, subject: 'Change my e-mail', from: 'open', status: 'waiting_on_member', staffUsername: staff.username },
    ]);
    // Staff changing their own ticket are not told about it.
    const own = await openTicket({ tenantId: tenant.id, memberId: staff.id, subject: 'My own question', category: 'other', body: 'Asked as a member.' });
    await updateTicket({ tenantId: tenant.id, staffId: staff.id, ticketId: own.id, status: 'closed' });
    expect(await systemClient().notification.count({ where: { memberId: staff.id, kind: 'ticket.status' } })).toBe(0);
  });

  it('sorts the staff queue by priority, then age', async () => {
    const queueTenant = await newTenant('tkt-queue');
    const asker = await newMember(queueTenant);
    const queueStaff = await newMember(queueTenant, 'staff');
    const open = (subject: string, priority: 'low' | 'normal' | 'high', minutesAgo: number) =>
      openTicket({ tenantId: queueTenant.id, memberId: asker.id, subject, category: 'other', priority, body: subject, now: new Date(Date.now() - minutesAgo * 60_000) });
    await open('normal old', 'normal', 50);
    await open('high new', 'high', 5);
    await open('low oldest', 'low', 90);
    await open('high old', 'high', 30);
    const queue = await listTickets({ tenantId: queueTenant.id, staffId: queueStaff.id });
    expect(queue.tickets.map((ticket) => ticket.subject)).toEqual(['high old', 'high new', 'normal old', 'low oldest']);
  });

  it(`bounds input and limits new tickets to ${TICKETS_PER_DAY} a day`, async () => {
    const busy = await newMember(tenant);
    await expect(openTicket({ tenantId: tenant.id, memberId: busy.id, subject: 'x', category: 'other', body: 'hi' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^subject/) });
    await expect(openTicket({ tenantId: tenant.id, memberId: busy.id, subject: 'Long one', category: 'other', body: 'x'.repeat(10_001) })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^body/) });
    await expect(openTicket({ tenantId: tenant.id, memberId: busy.id, subject: 'Bad kind', category: 'nonsense' as 'other', body: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    for (let index = 0; index < TICKETS_PER_DAY; index += 1) {
      await openTicket({ tenantId: tenant.id, memberId: busy.id, subject: `Question ${index}`, category: 'other', body: 'x' });
    }
    await expect(openTicket({ tenantId: tenant.id, memberId: busy.id, subject: 'One more', category: 'other', body: 'x' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/tickets a day.*try again in/),
    });
  });
});
