// Forums against real PostgreSQL: group rights (NOT_FOUND for a forum a group may not
// read, everywhere it could leak), locked topics, counters exact after move, merge and
// concurrent posts, edit revisions, read markers, subscriptions and search scoping
// (through the search port, and the outbox rows that keep an engine's index in step).
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { OUTBOX_TOPICS, type LiveEmitter } from '@swarmhost/events';
import { createPostgresSearchIndex, type SearchIndex } from '@swarmhost/search';
import { afterAll, describe, expect, it } from 'vitest';
import {
  editForumPost,
  forumPostHistory,
  getForumIndex,
  getForumPage,
  getHomePage,
  getTopicPage,
  latestForumPosts,
  listNotifications,
  locateForumPost,
  mergeTopic,
  moveTopic,
  replyToTopic,
  saveForum,
  searchForums,
  setTopicFlags,
  setTopicSubscription,
  startTopic,
} from '../src/index';
import { community, counters, expectConsistent, member, noLimit } from './forum-fixtures';
import { redis } from './helpers';

afterAll(() => redis.quit());

const searchIndex = createPostgresSearchIndex();

describe('forum rights per group', () => {
  it('a group without read rights gets NOT_FOUND for the forum, its topics and posts, and never sees them listed, searched or latest', async () => {
    const c = await community();
    const plain = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const noGroup = await member(c.tenant.id); // counts as the default group
    const vip = await member(c.tenant.id, { groupId: c.vip.id });
    const secret = await startTopic({ tenantId: c.tenant.id, viewer: vip, forumId: c.vipOnly, title: 'Hidden plans', body: 'zebracorn secret words' });

    for (const viewer of [plain, noGroup]) {
      await expect(getForumPage({ tenantId: c.tenant.id, viewer, forumId: c.vipOnly })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(getTopicPage({ tenantId: c.tenant.id, viewer, topicId: secret.topicId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(forumPostHistory({ tenantId: c.tenant.id, viewer, postId: secret.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(locateForumPost({ tenantId: c.tenant.id, viewer, postId: secret.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(replyToTopic({ tenantId: c.tenant.id, viewer, topicId: secret.topicId, body: 'let me in' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(startTopic({ tenantId: c.tenant.id, viewer, forumId: c.vipOnly, title: 'x', body: 'y' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await searchForums({ searchIndex, tenantId: c.tenant.id, viewer, text: 'zebracorn' })).toEqual([]);
      expect(await searchForums({ searchIndex, tenantId: c.tenant.id, viewer, text: 'Hidden plans' })).toEqual([]);
      expect((await latestForumPosts({ tenantId: c.tenant.id, viewer })).map((post) => post.id)).not.toContain(secret.postId);
      const index = await getForumIndex({ tenantId: c.tenant.id, viewer });
      expect(index.flatMap((category) => category.forums.map((forum) => forum.id))).toEqual([c.open]);
    }
    expect(await locateForumPost({ tenantId: c.tenant.id, viewer: vip, postId: secret.postId })).toMatchObject({ topicId: secret.topicId, position: 1, page: 1, authorId: vip.id });
    expect((await searchForums({ searchIndex, tenantId: c.tenant.id, viewer: vip, text: 'zebracorn' })).map((hit) => hit.postId)).toEqual([secret.postId]);
    expect((await latestForumPosts({ tenantId: c.tenant.id, viewer: vip })).map((post) => post.id)).toContain(secret.postId);
    // The home page's block is the same list.
    expect((await getHomePage({ tenantId: c.tenant.id, memberId: plain.id })).forumPosts).toEqual([]);
    expect((await getHomePage({ tenantId: c.tenant.id, memberId: vip.id })).forumPosts.map((post) => post.topic.title)).toEqual(['Hidden plans']);
    expect((await getTopicPage({ tenantId: c.tenant.id, viewer: c.staff, topicId: secret.topicId })).posts).toHaveLength(1);
  });

  it('read-only groups may read but neither reply nor start topics', async () => {
    const c = await community();
    const reader = await member(c.tenant.id, { groupId: c.membersGroup.id });
    await saveForum({
      tenantId: c.tenant.id,
      viewer: c.staff,
      id: c.open,
      categoryId: c.categoryId,
      name: 'Announcements',
      rights: [{ groupId: c.membersGroup.id, read: true, reply: false, start: false }],
    });
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Rules', body: 'Be kind.' });
    expect((await getTopicPage({ tenantId: c.tenant.id, viewer: reader, topicId: topic.topicId })).may.reply).toBe(false);
    await expect(replyToTopic({ tenantId: c.tenant.id, viewer: reader, topicId: topic.topicId, body: 'ok' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: /not reply/ });
    await expect(startTopic({ tenantId: c.tenant.id, viewer: reader, forumId: c.open, title: 'Mine', body: 'b' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: /not start topics/ });
  });

  it('search never returns another tenant’s posts', async () => {
    const a = await community();
    const b = await community();
    const word = `q${randomBytes(5).toString('hex')}`;
    await startTopic({ tenantId: b.tenant.id, viewer: b.staff, forumId: b.open, title: 'Other site', body: `${word} elsewhere` });
    expect(await searchForums({ searchIndex, tenantId: a.tenant.id, viewer: a.staff, text: word })).toEqual([]);
    expect(await searchForums({ searchIndex, tenantId: b.tenant.id, viewer: b.staff, text: word })).toHaveLength(1);
    // Ids of another tenant are unknown here.
    const foreign = await systemClient().forumTopic.findFirstOrThrow({ where: { tenantId: b.tenant.id }, select: { id: true } });
    await expect(getTopicPage({ tenantId: a.tenant.id, viewer: a.staff, topicId: foreign.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('posting', () => {
  it('a locked topic refuses members’ replies with a clear message; staff may still post', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Locked soon', body: 'first' });
    await setTopicFlags({ tenantId: c.tenant.id, viewer: c.staff, topicId: topic.topicId, locked: true, pinned: true });
    await expect(replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, body: 'more' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/topic is locked/),
    });
    await expect(editForumPost({ tenantId: c.tenant.id, viewer: alice, postId: topic.postId, body: 'changed' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await replyToTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: topic.topicId, body: 'Closed, see the rules.' });
    await expect(setTopicFlags({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, locked: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const page = await getForumPage({ tenantId: c.tenant.id, viewer: alice, forumId: c.open });
    expect(page.topics[0]).toMatchObject({ id: topic.topicId, pinned: true, locked: true, posts: 2 });
  });

  it('the rate limit refuses a member’s post past the limit with how long to wait', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const limit = { posts: 2, windowMs: 60_000 };
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Fast', body: 'one', rateLimit: limit });
    await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, body: 'two', rateLimit: limit });
    await expect(replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, body: 'three', rateLimit: limit })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/posting too fast: at most 2 posts a minute\. Wait \d+ s/),
    });
    const later = new Date(Date.now() + 61_000);
    await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, body: 'three', rateLimit: limit, now: later });
  });

  it('concurrent replies by many members keep positions and every counter exact', async () => {
    const c = await community();
    const members = await Promise.all(Array.from({ length: 12 }, () => member(c.tenant.id, { groupId: c.membersGroup.id })));
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Busy', body: 'go' });
    const other = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Also busy', body: 'go' });
    await Promise.all(
      members.flatMap((viewer, index) => [
        replyToTopic({ tenantId: c.tenant.id, viewer, topicId: topic.topicId, body: `reply ${index}`, rateLimit: noLimit }),
        replyToTopic({ tenantId: c.tenant.id, viewer, topicId: other.topicId, body: `other ${index}`, rateLimit: noLimit }),
      ]),
    );
    const { forum } = await counters(c.open);
    expect(forum.postCount).toBe(2 + 24);
    await expectConsistent(c.open);
  });
});

describe('edit history', () => {
  it('keeps every earlier body, shows the post as edited, and lets only the author or staff edit', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const bob = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Typos', body: 'version one' });
    await editForumPost({ tenantId: c.tenant.id, viewer: alice, postId: topic.postId, body: 'version two' });
    await editForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: topic.postId, body: 'version three' });
    await expect(editForumPost({ tenantId: c.tenant.id, viewer: bob, postId: topic.postId, body: 'vandal' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const history = await forumPostHistory({ tenantId: c.tenant.id, viewer: bob, postId: topic.postId });
    expect(history.post.body).toBe('version three');
    expect(history.revisions.map((revision) => [revision.body, revision.editedBy])).toEqual([
      ['version two', c.staff.username],
      ['version one', alice.username],
    ]);
    const page = await getTopicPage({ tenantId: c.tenant.id, viewer: bob, topicId: topic.topicId });
    expect(page.posts[0]).toMatchObject({ body: 'version three', edits: 2 });
    expect(page.posts[0]!.editedAt).not.toBeNull();
    expect(page.posts[0]!.mayEdit).toBe(false);
  });
});

describe('read markers and subscriptions', () => {
  it('marks topics unread until read, and jumps to the first unread post', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const bob = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Long one', body: 'post 1', rateLimit: noLimit });
    for (let index = 2; index <= 30; index += 1) await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, body: `post ${index}`, rateLimit: noLimit });

    let forum = await getForumPage({ tenantId: c.tenant.id, viewer: bob, forumId: c.open });
    expect(forum.topics[0]).toMatchObject({ unread: true, firstUnreadPosition: 1, firstUnreadPage: 1 });
    expect((await getForumIndex({ tenantId: c.tenant.id, viewer: bob }))[0]!.forums[0]!.unreadTopics).toBe(1);
    expect((await getForumPage({ tenantId: c.tenant.id, viewer: alice, forumId: c.open })).topics[0]!.unread).toBe(false);

    const first = await getTopicPage({ tenantId: c.tenant.id, viewer: bob, topicId: topic.topicId, page: 'unread' });
    expect(first.page).toBe(1);
    expect(first.posts.map((post) => post.position)).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
    forum = await getForumPage({ tenantId: c.tenant.id, viewer: bob, forumId: c.open });
    expect(forum.topics[0]).toMatchObject({ unread: true, firstUnreadPosition: 26, firstUnreadPage: 2 });

    const second = await getTopicPage({ tenantId: c.tenant.id, viewer: bob, topicId: topic.topicId, page: 'unread' });
    expect(second.page).toBe(2);
    expect(second.firstUnreadPosition).toBe(26);
    expect(second.posts.filter((post) => post.unread).map((post) => post.position)).toEqual([26, 27, 28, 29, 30]);
    expect((await getForumPage({ tenantId: c.tenant.id, viewer: bob, forumId: c.open })).topics[0]!.unread).toBe(false);
    expect((await getForumIndex({ tenantId: c.tenant.id, viewer: bob }))[0]!.forums[0]!.unreadTopics).toBe(0);
  });

  it('a reply notifies subscribers (the author of the topic at once) live, never the replier, and not after unsubscribing', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const bob = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const carol = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const pushed: { room: string; event: string; data: unknown }[] = [];
    const emitter = { to: (room: string) => ({ emit: (event: string, data: unknown) => void pushed.push({ room, event, data }) }) } as unknown as LiveEmitter;

    const topic = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Hello all', body: 'hi' });
    await replyToTopic({ tenantId: c.tenant.id, viewer: bob, topicId: topic.topicId, body: '> hi\n\nhello back', emitter });
    const aliceNotes = await listNotifications({ tenantId: c.tenant.id, memberId: alice.id });
    expect(aliceNotes.notifications).toHaveLength(1);
    expect(aliceNotes.notifications[0]).toMatchObject({ kind: 'forum.reply', payload: { topicId: topic.topicId, topicTitle: 'Hello all', position: 2, authorUsername: bob.username } });
    expect(pushed.some((push) => push.room.includes(alice.id) && push.event === 'notification:new')).toBe(true);
    expect((await listNotifications({ tenantId: c.tenant.id, memberId: bob.id })).notifications).toHaveLength(0);

    // Bob auto-subscribed by replying; Carol subscribes by hand; Alice unsubscribes.
    await setTopicSubscription({ tenantId: c.tenant.id, viewer: carol, topicId: topic.topicId, subscribed: true });
    await setTopicSubscription({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, subscribed: false });
    await replyToTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: topic.topicId, body: 'welcome' });
    expect((await listNotifications({ tenantId: c.tenant.id, memberId: alice.id })).notifications).toHaveLength(1);
    expect((await listNotifications({ tenantId: c.tenant.id, memberId: bob.id })).notifications).toHaveLength(1);
    expect((await listNotifications({ tenantId: c.tenant.id, memberId: carol.id })).notifications).toHaveLength(1);
  });
});

describe('move and merge', () => {
  it('moving a topic moves its counts and last post between forums', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.vip.id });
    const topic = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Wrong place', body: 'a', rateLimit: noLimit });
    await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, body: 'b', rateLimit: noLimit });
    const stays = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Right place', body: 'c', rateLimit: noLimit });
    await moveTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: topic.topicId, forumId: c.vipOnly });
    const from = await counters(c.open);
    const to = await counters(c.vipOnly);
    expect(from.forum).toMatchObject({ topicCount: 1, postCount: 1, lastPostId: stays.postId });
    expect(to.forum).toMatchObject({ topicCount: 1, postCount: 2 });
    await expectConsistent(c.open);
    await expectConsistent(c.vipOnly);
    await expect(moveTopic({ tenantId: c.tenant.id, viewer: alice, topicId: topic.topicId, forumId: c.open })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('merging keeps posts in time order, moves subscribers and recounts both forums', async () => {
    const c = await community();
    const alice = await member(c.tenant.id, { groupId: c.vip.id });
    const bob = await member(c.tenant.id, { groupId: c.vip.id });
    const t0 = Date.now() - 3_600_000;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    const target = await startTopic({ tenantId: c.tenant.id, viewer: alice, forumId: c.open, title: 'Target', body: 'T1', now: at(0), rateLimit: noLimit });
    const source = await startTopic({ tenantId: c.tenant.id, viewer: bob, forumId: c.vipOnly, title: 'Duplicate', body: 'S1', now: at(1), rateLimit: noLimit });
    await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: target.topicId, body: 'T2', now: at(2), rateLimit: noLimit });
    await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: source.topicId, body: 'S2', now: at(3), rateLimit: noLimit });
    await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: target.topicId, body: 'T3', now: at(4), rateLimit: noLimit });

    await mergeTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: source.topicId, intoTopicId: target.topicId });
    const page = await getTopicPage({ tenantId: c.tenant.id, viewer: c.staff, topicId: target.topicId });
    expect(page.posts.map((post) => [post.position, post.body])).toEqual([
      [1, 'T1'],
      [2, 'S1'],
      [3, 'T2'],
      [4, 'S2'],
      [5, 'T3'],
    ]);
    expect(page.topic.posts).toBe(5);
    await expect(getTopicPage({ tenantId: c.tenant.id, viewer: c.staff, topicId: source.topicId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await counters(c.vipOnly)).forum).toMatchObject({ topicCount: 0, postCount: 0, lastPostId: null });
    expect((await counters(c.open)).forum).toMatchObject({ topicCount: 1, postCount: 5 });
    await expectConsistent(c.open);
    // Bob subscribed to his duplicate; he now hears of replies to the target.
    await replyToTopic({ tenantId: c.tenant.id, viewer: alice, topicId: target.topicId, body: 'T4', rateLimit: noLimit });
    expect((await listNotifications({ tenantId: c.tenant.id, memberId: bob.id })).notifications.map((note) => note.payload.topicId)).toContain(target.topicId);
  });
});

describe('search through the search port', () => {
  it('drops a hit the engine returns from a forum the member may not read now, or from another tenant', async () => {
    const c = await community();
    const other = await community();
    const plain = await member(c.tenant.id, { groupId: c.membersGroup.id });
    const open = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Open talk', body: 'lantern festival' });
    const secret = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.vipOnly, title: 'Secret talk', body: 'lantern plans' });
    const foreign = await startTopic({ tenantId: other.tenant.id, viewer: other.staff, forumId: other.open, title: 'Foreign', body: 'lantern elsewhere' });
    // An engine whose index lags (the topic was moved) or is wrong: it answers with every post it knows.
    const asked: string[][] = [];
    const lagging: SearchIndex = {
      ...searchIndex,
      searchForumPosts: async (query) => {
        asked.push([...query.forumIds]);
        return [secret.postId, foreign.postId, open.postId].map((postId) => ({ postId, titleMatch: false }));
      },
    };
    const hits = await searchForums({ searchIndex: lagging, tenantId: c.tenant.id, viewer: plain, text: 'lantern' });
    expect(hits.map((hit) => hit.postId)).toEqual([open.postId]);
    expect(asked).toEqual([[c.open]]);
    // The real engine is asked for the readable forums only, and finds the same.
    expect((await searchForums({ searchIndex, tenantId: c.tenant.id, viewer: plain, text: 'lantern' })).map((hit) => hit.postId)).toEqual([open.postId]);
    expect((await searchForums({ searchIndex, tenantId: c.tenant.id, viewer: c.staff, text: 'lantern' })).map((hit) => hit.postId)).toEqual([secret.postId, open.postId]);
    const byTitle = await searchForums({ searchIndex, tenantId: c.tenant.id, viewer: plain, text: 'open talk' });
    expect(byTitle).toMatchObject([{ postId: open.postId, titleMatch: true, position: 1, page: 1, topic: { id: open.topicId, title: 'Open talk' } }]);
    await expect(searchForums({ searchIndex, tenantId: c.tenant.id, viewer: plain, text: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('writes search.forum-changed with each post, edit, move and merge, in the same transaction', async () => {
    const c = await community();
    const searchRows = async () =>
      (await systemClient().outboxEvent.findMany({ where: { tenantId: c.tenant.id, topic: OUTBOX_TOPICS.forumSearchChanged }, orderBy: { id: 'asc' }, select: { payload: true } })).map(
        (row) => row.payload,
      );
    const first = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'One', body: 'a', rateLimit: noLimit });
    const second = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Two', body: 'b', rateLimit: noLimit });
    const reply = await replyToTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: first.topicId, body: 'c', rateLimit: noLimit });
    await editForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: reply.postId, body: 'c, edited' });
    await editForumPost({ tenantId: c.tenant.id, viewer: c.staff, postId: reply.postId, body: 'c, edited' });
    await moveTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: second.topicId, forumId: c.vipOnly });
    await mergeTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: second.topicId, intoTopicId: first.topicId });
    expect(await searchRows()).toEqual([
      { topicId: first.topicId, postId: first.postId },
      { topicId: second.topicId, postId: second.postId },
      { topicId: first.topicId, postId: reply.postId },
      // The second, unchanged edit wrote nothing.
      { topicId: first.topicId, postId: reply.postId },
      { topicId: second.topicId },
      { topicId: first.topicId },
      { topicId: second.topicId },
    ]);
    // A refused post writes no row: the event exists exactly when the change committed.
    await expect(replyToTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: second.topicId, body: 'gone' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await searchRows()).toHaveLength(7);
  });
});
