// Staff deleting forum posts and topics, against real PostgreSQL: positions stay 1..n and
// every counter and last-post pointer exact (also while members reply), read markers
// follow, only staff may, another tenant's ids are NOT_FOUND, and each deletion writes
// its audit entry and the search.forum-changed row in its transaction.
import { systemClient } from '@swarmhost/db/system';
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { afterAll, describe, expect, it } from 'vitest';
import {
  deleteForumPost,
  deleteForumTopic,
  editForumPost,
  fileReport,
  findDeletedForumPost,
  getForumPage,
  getTopicPage,
  listNotifications,
  replyToTopic,
  startTopic,
} from '../src/index';
import { community, counters, expectConsistent, member, noLimit } from './forum-fixtures';
import { redis } from './helpers';

afterAll(() => redis.quit());

const auditRows = (tenantId: string, action: string) =>
  systemClient().auditLog.findMany({ where: { tenantId, action }, select: { actorMemberId: true, targetId: true, details: true } });

const searchRows = async (tenantId: string) =>
  (await systemClient().outboxEvent.findMany({ where: { tenantId, topic: OUTBOX_TOPICS.forumSearchChanged }, orderBy: { id: 'asc' }, select: { payload: true } })).map((row) => row.payload);

describe('staff delete a post', () => {
  it('renumbers the later posts, moves read markers back and keeps every counter, pointer, audit and outbox row exact', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const bob = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Five posts', body: 'p1', rateLimit: noLimit });
    const replies = [];
    for (const body of ['p2', 'p3', 'p4', 'p5']) replies.push(await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, body, rateLimit: noLimit }));
    await editForumPost({ tenantId: c.tenant.id, viewer: alice, postId: replies[1]!.postId, body: 'p3, edited' });
    await getTopicPage({ tenantId: c.tenant.id, viewer: bob, topicId: topic.topicId });
    const report = await fileReport({ tenantId: c.tenant.id, reporter: bob, targetType: 'post', targetId: replies[1]!.postId, reason: 'off topic entirely' });
    const before = await searchRows(c.tenant.id);

    const result = await deleteForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: replies[1]!.postId, reason: '  off topic,\n\nsee the rules ' });
    expect(result).toEqual({ topicId: topic.topicId });
    const page = await getTopicPage({ tenantId: c.tenant.id, viewer: c.staff, topicId: topic.topicId });
    expect(page.posts.map((post) => [post.position, post.body])).toEqual([
      [1, 'p1'],
      [2, 'p2'],
      [3, 'p4'],
      [4, 'p5'],
    ]);
    expect(page.topic.posts).toBe(4);
    await expectConsistent(c.open);
    expect(await systemClient().forumPostRevision.count({ where: { postId: replies[1]!.postId } })).toBe(0);
    // Bob had read all five; he has read all four now, and nothing shows as new.
    expect(await systemClient().forumTopicRead.findUniqueOrThrow({ where: { memberId_topicId: { memberId: bob.id, topicId: topic.topicId } }, select: { lastPosition: true } })).toEqual({ lastPosition: 4 });
    expect((await getForumPage({ tenantId: c.tenant.id, viewer: bob, forumId: c.open })).topics[0]!.unread).toBe(false);

    expect(await auditRows(c.tenant.id, 'forum.post.delete')).toEqual([
      { actorMemberId: c.staff.id, targetId: replies[1]!.postId, details: expect.objectContaining({ reason: 'off topic, see the rules', topicId: topic.topicId, position: 3, excerpt: 'p3, edited' }) },
    ]);
    expect((await searchRows(c.tenant.id)).slice(before.length)).toEqual([{ topicId: topic.topicId }]);
    // The report's link still opens for staff, saying who deleted the post and why.
    expect(report.targetId).toBe(replies[1]!.postId);
    expect(await findDeletedForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: replies[1]!.postId })).toMatchObject({
      what: 'post',
      topicTitle: 'Five posts',
      reason: 'off topic, see the rules',
      deletedBy: c.staff.username,
    });
    expect(await findDeletedForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: replies[0]!.postId })).toBeNull();

    // The last post: the topic's and the forum's last-post pointers fall back to the one before.
    await deleteForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: replies[3]!.postId, reason: 'spam' });
    expect((await counters(c.open)).forum).toMatchObject({ topicCount: 1, postCount: 3, lastPostId: replies[2]!.postId });
    await expectConsistent(c.open);
  });

  it('refuses the first post (delete the topic), a missing reason and a post already gone, each saying what to do', async () => {
    const c = await community();
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Keep', body: 'first', rateLimit: noLimit });
    const reply = await replyToTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: topic.topicId, body: 'second', rateLimit: noLimit });
    await expect(deleteForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: topic.postId, reason: 'wrong' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('delete the whole topic instead'),
    });
    await expect(deleteForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: reply.postId, reason: '  ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('reason: say why'),
    });
    await expect(deleteForumTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: topic.topicId, reason: 'x'.repeat(501) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'reason: must be at most 500 characters',
    });
    await deleteForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: reply.postId, reason: 'duplicate' });
    await expect(deleteForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: reply.postId, reason: 'duplicate' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await auditRows(c.tenant.id, 'forum.post.delete')).toHaveLength(1);
    await expectConsistent(c.open);
  });
});

describe('staff delete a topic', () => {
  it('removes it with its posts, markers and subscriptions, recounts the forum, and audits it with an outbox row', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const bob = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const keep = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Keep me', body: 'k1', rateLimit: noLimit });
    const doomed = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Delete me', body: 'd1', rateLimit: noLimit });
    const reply = await replyToTopic({ tenantId: c.tenant.id, viewer: bob, topicId: doomed.topicId, body: 'd2', rateLimit: noLimit });
    await fileReport({ tenantId: c.tenant.id, reporter: alice, targetType: 'post', targetId: reply.postId, reason: 'rude reply here' });
    expect((await counters(c.open)).forum).toMatchObject({ topicCount: 2, postCount: 3, lastPostId: reply.postId });
    const before = await searchRows(c.tenant.id);

    expect(await deleteForumTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: doomed.topicId, reason: 'flame war' })).toEqual({ forumId: c.open });
    expect((await counters(c.open)).forum).toMatchObject({ topicCount: 1, postCount: 1, lastPostId: keep.postId });
    await expectConsistent(c.open);
    await expect(getTopicPage({ tenantId: c.tenant.id, viewer: c.staff, topicId: doomed.topicId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await systemClient().forumSubscription.count({ where: { topicId: doomed.topicId } })).toBe(0);
    expect(await systemClient().forumTopicRead.count({ where: { topicId: doomed.topicId } })).toBe(0);
    // Alice's notice of Bob's reply stays readable (it quotes the title, it links nowhere).
    expect((await listNotifications({ tenantId: c.tenant.id, memberId: alice.id })).notifications).toMatchObject([{ kind: 'forum.reply', payload: { topicTitle: 'Delete me' } }]);
    expect(await auditRows(c.tenant.id, 'forum.topic.delete')).toEqual([
      { actorMemberId: c.staff.id, targetId: doomed.topicId, details: expect.objectContaining({ reason: 'flame war', title: 'Delete me', posts: 2, forumId: c.open }) },
    ]);
    expect((await searchRows(c.tenant.id)).slice(before.length)).toEqual([{ topicId: doomed.topicId }]);
    // The report on the reply finds the topic's deletion through the report's topic.
    expect(await findDeletedForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: reply.postId })).toMatchObject({ what: 'topic', topicTitle: 'Delete me', reason: 'flame war' });
    await expect(findDeletedForumPost({ tenantId: c.tenant.id, viewer: alice, postId: reply.postId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The last topic: the forum is empty again.
    await deleteForumTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: keep.topicId, reason: 'cleaning up' });
    expect((await counters(c.open)).forum).toMatchObject({ topicCount: 0, postCount: 0, lastPostId: null });
  });
});

describe('who may delete', () => {
  it('members (the author too) get FORBIDDEN and change nothing; another tenant’s post or topic is NOT_FOUND', async () => {
    const c = await community();
    const other = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Mine', body: 'a', rateLimit: noLimit });
    const reply = await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, body: 'b', rateLimit: noLimit });
    await expect(deleteForumPost({ tenantId: c.tenant.id, viewer: alice, postId: reply.postId, reason: 'my own' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteForumTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, reason: 'my own' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteForumPost({ tenantId: other.tenant.id, viewer: other.staff, postId: reply.postId, reason: 'not yours' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteForumTopic({ tenantId: other.tenant.id, viewer: other.staff, topicId: topic.topicId, reason: 'not yours' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await counters(c.open)).forum).toMatchObject({ topicCount: 1, postCount: 2 });
    expect(await systemClient().auditLog.count({ where: { action: { in: ['forum.post.delete', 'forum.topic.delete'] }, tenantId: { in: [c.tenant.id, other.tenant.id] } } })).toBe(0);
  });
});

describe('deleting while members reply', () => {
  it('keeps positions and every counter exact; a reply to a topic deleted meanwhile is NOT_FOUND', async () => {
    const c = await community();
    const members = await Promise.all(Array.from({ length: 8 }, () => member(c.tenant.id, { groupId: c.membersGroup.id })));
    const busy = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Busy', body: 'b1', rateLimit: noLimit });
    const doomed = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Doomed', body: 'd1', rateLimit: noLimit });
    const quiet = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Quiet', body: 'q1', rateLimit: noLimit });
    const busyReplies = [];
    for (let index = 2; index <= 12; index += 1) {
      busyReplies.push(await replyToTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: busy.topicId, body: `b${index}`, rateLimit: noLimit }));
    }
    const deletions = busyReplies.filter((_, index) => index % 2 === 0);

    const outcomes = await Promise.allSettled([
      ...members.flatMap((viewer, index) => [
        replyToTopic({ tenantId: c.tenant.id, viewer, topicId: busy.topicId, body: `late ${index}`, rateLimit: noLimit }),
        replyToTopic({ tenantId: c.tenant.id, viewer, topicId: quiet.topicId, body: `quiet ${index}`, rateLimit: noLimit }),
        replyToTopic({ tenantId: c.tenant.id, viewer, topicId: doomed.topicId, body: `doomed ${index}`, rateLimit: noLimit }),
      ]),
      ...deletions.map((reply) => deleteForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: reply.postId, reason: 'thinning out' })),
      deleteForumTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: doomed.topicId, reason: 'closing it' }),
    ]);
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    // Only replies that came after the topic's deletion may fail, and only as NOT_FOUND.
    for (const outcome of refused) expect(outcome.reason).toMatchObject({ code: 'NOT_FOUND' });
    expect(refused.length).toBeLessThanOrEqual(members.length);

    const { forum } = await counters(c.open);
    expect(forum.topicCount).toBe(2);
    expect(forum.postCount).toBe(12 - deletions.length + members.length + 1 + members.length);
    await expectConsistent(c.open);
    const page = await getTopicPage({ tenantId: c.tenant.id, viewer: c.staff, topicId: busy.topicId });
    expect(page.posts.filter((post) => post.body.startsWith('late'))).toHaveLength(members.length);
  });

  it('a reply that has counted itself in the forum but not committed yet is neither lost nor counted twice', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const target = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Target', body: 't1', rateLimit: noLimit });
    const extra = await replyToTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: target.topicId, body: 't2', rateLimit: noLimit });
    const busy = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Busy', body: 'b1', rateLimit: noLimit });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let reply: Promise<unknown> = Promise.resolve();
    let deletion: Promise<unknown> = Promise.resolve();
    // Holding Alice's read marker stops her reply after it has updated the forum row and
    // before it commits; the deletion's recount starts inside that window.
    await systemClient().$transaction(
      async (hold) => {
        await hold.$executeRaw`SELECT 1 FROM forum_topic_reads WHERE member_id = ${alice.id}::uuid AND topic_id = ${busy.topicId}::uuid FOR UPDATE`;
        reply = replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: busy.topicId, body: 'b2', rateLimit: noLimit });
        await pause(400);
        deletion = deleteForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: extra.postId, reason: 'race' });
        await pause(400);
      },
      { timeout: 10_000 },
    );
    await Promise.all([reply, deletion]);
    expect((await counters(c.open)).forum).toMatchObject({ topicCount: 2, postCount: 3 });
    await expectConsistent(c.open);
  });
});
