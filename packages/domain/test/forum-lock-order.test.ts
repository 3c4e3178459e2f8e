// Forum writes take their locks in one order — topic rows, then forum rows — so staff
// moving or merging a topic while members reply to it never deadlock (PostgreSQL would
// abort one of them with an error): every call succeeds and the counters stay exact.
import { afterAll, describe, expect, it } from 'vitest';
import { mergeTopic, moveTopic, replyToTopic, startTopic } from '../src/index';
import { community, counters, expectConsistent, member, noLimit } from './forum-fixtures';
import { redis } from './helpers';

afterAll(() => redis.quit());

describe('moving and merging while members reply', () => {
  it('never deadlocks: moves back and forth and a merge run among replies to the same topics, and every call succeeds', async () => {
    const c = await community();
    const members = await Promise.all(Array.from({ length: 6 }, () => member(c.tenant.id, { groupId: c.vip.id })));
    const wandering = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Wandering', body: 'w1', rateLimit: noLimit });
    const absorbed = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.vipOnly, title: 'Absorbed', body: 'a1', rateLimit: noLimit });
    const staying = await startTopic({ tenantId: c.tenant.id, viewer: c.staff, forumId: c.open, title: 'Staying', body: 's1', rateLimit: noLimit });
    let expectedPosts = 3;
    for (let round = 0; round < 6; round += 1) {
      const there = round % 2 === 0 ? c.vipOnly : c.open;
      const calls: Promise<unknown>[] = [
        ...members.flatMap((viewer, index) => [
          replyToTopic({ tenantId: c.tenant.id, viewer, topicId: wandering.topicId, body: `round ${round} from ${index}`, rateLimit: noLimit }),
          replyToTopic({ tenantId: c.tenant.id, viewer, topicId: staying.topicId, body: `round ${round} stays ${index}`, rateLimit: noLimit }),
        ]),
        moveTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: wandering.topicId, forumId: there }),
      ];
      if (round === 3) calls.push(mergeTopic({ tenantId: c.tenant.id, viewer: c.staff, topicId: absorbed.topicId, intoTopicId: wandering.topicId }));
      const outcomes = await Promise.allSettled(calls);
      const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [String((outcome.reason as Error).message)] : []));
      expect(failures).toEqual([]);
      expectedPosts += members.length * 2;
    }
    // Six moves: the topic is back in the open forum, with the absorbed topic's post.
    const open = await counters(c.open);
    const vip = await counters(c.vipOnly);
    expect(open.forum.topicCount).toBe(2);
    expect(vip.forum).toMatchObject({ topicCount: 0, postCount: 0 });
    expect(open.forum.postCount).toBe(expectedPosts);
    await expectConsistent(c.open);
    await expectConsistent(c.vipOnly);
  });
});
