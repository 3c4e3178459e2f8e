// Private messages against real PostgreSQL and Redis: only participants read, blocks,
// spam limits, staff access only through a report (audited), unread counts, tenant
// isolation, concurrent replies and paging back through a long conversation.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import {
  addParticipant,
  blockMember,
  countUnreadConversations,
  findReportableMessage,
  leaveConversation,
  listBlocks,
  listConversations,
  listOlderMessages,
  openConversation,
  pushConversationUnreadCounts,
  readReportedConversation,
  replyToConversation,
  startConversation,
  unblockMember,
  type MessageRateContext,
} from '../src/index';
import { newTenant, redis } from './helpers';

const rate: MessageRateContext = { redis, limits: { conversationsPerHour: 50, messagesPerMinute: 100 } };

async function member(tenantId: string, role: 'member' | 'staff' | 'admin' = 'member') {
  const username = `pm${randomBytes(4).toString('hex')}`;
  const row = await systemClient().member.create({
    data: { tenantId, username, role, email: `${username}@x.org`, passwordHash: 'x', passkey: randomBytes(16).toString('hex'), rssKey: randomBytes(16).toString('hex') },
    select: { id: true, username: true },
  });
  return { ...row, tenantId, isStaff: role !== 'member', memberId: row.id };
}

async function community() {
  const tenant = await newTenant();
  return { tenant, a: await member(tenant.id), b: await member(tenant.id), c: await member(tenant.id), staff: await member(tenant.id, 'staff') };
}

describe('private messages', () => {
  it('delivers to the recipients only, with unread counts that reading clears', async () => {
    const { a, b, c, staff } = await community();
    const { conversationId } = await startConversation({ ...a, recipients: [b.username.toUpperCase(), c.username, ` ${b.username} `], subject: '  Hello   there ', body: 'First **message**', rate });

    expect(await countUnreadConversations(b)).toBe(1);
    expect(await countUnreadConversations(a)).toBe(0);
    const [entry] = await listConversations(b);
    expect(entry).toMatchObject({ id: conversationId, subject: 'Hello there', unread: 1 });
    expect(entry?.with.sort()).toEqual([a.username, c.username].sort());

    const view = await openConversation({ ...b, conversationId });
    expect(view.messages.map((message) => message.body)).toEqual(['First **message**']);
    expect(view.readUpTo).toBe(0);
    expect(await countUnreadConversations(b)).toBe(0);
    expect((await listConversations(b))[0]?.unread).toBe(0);

    await replyToConversation({ ...b, conversationId, body: 'Reply from B', rate });
    expect(await countUnreadConversations(a)).toBe(1);
    expect((await listConversations(c))[0]?.unread).toBe(2);
    expect(await countUnreadConversations(b)).toBe(0);

    // The worker's push: counts only, to everyone but the actor.
    const pushes: { room: string; event: string; payload: unknown }[] = [];
    const emitter = { to: (room: string | string[]) => ({ emit: (event: string, payload: unknown) => pushes.push({ room: String(room), event, payload }) }) };
    await pushConversationUnreadCounts({ tenantId: a.tenantId, conversationId, actorId: b.id, emitter });
    expect(pushes).toHaveLength(2);
    expect(pushes.every((push) => push.event === 'messages:unread' && !push.room.includes(b.id))).toBe(true);
    expect(pushes.map((push) => push.payload)).toEqual([{ unread: 1 }, { unread: 1 }]);

    // The outbox rows carry ids only, never the body.
    const events = await systemClient().outboxEvent.findMany({ where: { tenantId: a.tenantId, topic: 'conversation.changed' } });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events.map((event) => event.payload))).not.toContain('message');
    expect(events.map((event) => event.payload)).toContainEqual({ conversationId, actorId: b.id });
    void staff;
  });

  it('answers NOT_FOUND to a non-participant, staff included, and after leaving', async () => {
    const { a, b, c, staff } = await community();
    const { conversationId } = await startConversation({ ...a, recipients: [b.username], subject: 'Private', body: 'only for B', rate });
    for (const outsider of [c, staff]) {
      await expect(openConversation({ ...outsider, conversationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(replyToConversation({ ...outsider, conversationId, body: 'hi', rate })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(addParticipant({ ...outsider, conversationId, username: outsider.username })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await listConversations(outsider)).toEqual([]);
    }
    await expect(openConversation({ ...c, conversationId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await leaveConversation({ ...b, conversationId });
    await expect(openConversation({ ...b, conversationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listConversations(b)).toEqual([]);
    await expect(replyToConversation({ ...a, conversationId, body: 'anyone?', rate })).rejects.toMatchObject({ code: 'CONFLICT' });

    // A participant adds C, who then reads the whole conversation.
    await addParticipant({ ...a, conversationId, username: c.username });
    expect((await openConversation({ ...c, conversationId })).messages).toHaveLength(1);
    await expect(addParticipant({ ...a, conversationId, username: c.username })).rejects.toThrow(/already in this conversation/);
  });

  it('names unknown recipients and bounds sizes', async () => {
    const { a, b } = await community();
    await expect(startConversation({ ...a, recipients: [b.username, 'ghost-one', 'ghost-two'], subject: 's', body: 'b', rate })).rejects.toThrow(
      'no member is called: ghost-one, ghost-two; check the spelling',
    );
    await expect(startConversation({ ...a, recipients: [a.username], subject: 's', body: 'b', rate })).rejects.toThrow(/to yourself/);
    await expect(startConversation({ ...a, recipients: [], subject: 's', body: 'b', rate })).rejects.toThrow(/at least one recipient/);
    const many = Array.from({ length: 11 }, (_, index) => `name${index}`);
    await expect(startConversation({ ...a, recipients: many, subject: 's', body: 'b', rate })).rejects.toThrow(/at most 10 recipients/);
    await expect(startConversation({ ...a, recipients: [b.username], subject: 'x'.repeat(151), body: 'b', rate })).rejects.toThrow(/subject must be 1-150/);
    await expect(startConversation({ ...a, recipients: [b.username], subject: 's', body: '   ', rate })).rejects.toThrow(/1-10000 characters/);
    await expect(startConversation({ ...a, recipients: [b.username], subject: 's', body: 'y'.repeat(10_001), rate })).rejects.toThrow(/1-10000 characters/);
    expect(await listConversations(b)).toEqual([]);
  });

  it('lets a member block another: no new conversation, no adding, a clear refusal', async () => {
    const { a, b, c, staff } = await community();
    await blockMember({ ...b, username: a.username });
    expect((await listBlocks(b)).map((block) => block.username)).toEqual([a.username]);
    await expect(startConversation({ ...a, recipients: [b.username, c.username], subject: 's', body: 'b', rate })).rejects.toThrow(
      `${b.username} does not accept private messages from you`,
    );
    expect(await listConversations(c)).toEqual([]);
    const { conversationId } = await startConversation({ ...a, recipients: [c.username], subject: 's', body: 'b', rate });
    await expect(addParticipant({ ...a, conversationId, username: b.username })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // C (not blocked) may add B; B's block does not stop the blocker writing.
    await addParticipant({ ...c, conversationId, username: b.username });
    await startConversation({ ...b, recipients: [a.username], subject: 'from the blocker', body: 'ok', rate });

    await expect(blockMember({ ...b, username: b.username })).rejects.toThrow(/yourself/);
    await expect(blockMember({ ...b, username: staff.username })).rejects.toThrow(/is staff and cannot be blocked/);
    await expect(blockMember({ ...b, username: 'nobody-here' })).rejects.toThrow(/no member is called: nobody-here/);

    await unblockMember({ ...b, username: a.username });
    expect(await listBlocks(b)).toEqual([]);
    await startConversation({ ...a, recipients: [b.username], subject: 'again', body: 'b', rate });
  });

  it('rate-limits new conversations and messages with a message saying how long to wait; staff get more', async () => {
    const { a, b, staff } = await community();
    const tight: MessageRateContext = { redis, limits: { conversationsPerHour: 2, messagesPerMinute: 3 } };
    await startConversation({ ...a, recipients: [b.username], subject: '1', body: 'b', rate: tight });
    const { conversationId } = await startConversation({ ...a, recipients: [b.username], subject: '2', body: 'b', rate: tight });
    await expect(startConversation({ ...a, recipients: [b.username], subject: '3', body: 'b', rate: tight })).rejects.toThrow(
      /you can start 2 conversations an hour; wait \d+ minute\(s\)/,
    );
    await replyToConversation({ ...a, conversationId, body: 'r1', rate: tight });
    await expect(replyToConversation({ ...a, conversationId, body: 'r2', rate: tight })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/you can send 3 private messages a minute; wait \d+ second\(s\)/),
    });
    // A refused message is not stored.
    expect((await openConversation({ ...b, conversationId })).messages.map((message) => message.body)).toEqual(['b', 'r1']);
    for (let index = 0; index < 5; index++) await startConversation({ ...staff, recipients: [b.username], subject: `s${index}`, body: 'b', rate: tight });
  });

  it('lets staff read a conversation only when one of its messages was reported, and audits each read', async () => {
    const { tenant, a, b, staff } = await community();
    const { conversationId } = await startConversation({ ...a, recipients: [b.username], subject: 'Trouble', body: 'hello', rate });
    const { messageId } = await replyToConversation({ ...b, conversationId, body: 'abusive words', rate });
    const asStaff = { tenantId: tenant.id, staffId: staff.id, staffRole: 'staff', conversationId };
    await expect(readReportedConversation(asStaff)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await systemClient().auditLog.count({ where: { tenantId: tenant.id, targetId: conversationId } })).toBe(0);

    // A report on something else (a member) opens nothing.
    await systemClient().report.create({ data: { tenantId: tenant.id, reporterId: a.id, targetType: 'member', targetId: b.id, targetLabel: b.username, reason: 'rude words' } });
    await expect(readReportedConversation(asStaff)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const report = await systemClient().report.create({
      data: { tenantId: tenant.id, reporterId: a.id, targetType: 'message', targetId: messageId, contextId: conversationId, targetLabel: 'abusive words', reason: 'abuse' },
    });
    await expect(readReportedConversation({ ...asStaff, staffId: a.id, staffRole: 'member' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const view = await readReportedConversation(asStaff);
    expect(view.messages.map((message) => [message.body, message.reported])).toEqual([['hello', false], ['abusive words', true]]);
    expect(view.reportIds).toEqual([report.id]);
    const audit = await systemClient().auditLog.findMany({ where: { tenantId: tenant.id, targetId: conversationId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorMemberId: staff.id, action: 'messages.read_reported', targetType: 'conversation' });
    // Only a participant may report a message; the report names its conversation.
    expect(await findReportableMessage({ ...a, messageId })).toEqual({ conversationId, label: `${b.username}: abusive words` });
    await expect(findReportableMessage({ ...staff, messageId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Reading it does not make staff a participant.
    await expect(openConversation({ ...staff, conversationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps communities apart', async () => {
    const one = await community();
    const two = await community();
    const { conversationId } = await startConversation({ ...one.a, recipients: [one.b.username], subject: 's', body: 'b', rate });
    await expect(openConversation({ ...two.a, conversationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(startConversation({ ...two.a, recipients: [one.b.username], subject: 's', body: 'b', rate })).rejects.toThrow(/no member is called/);
    const report = { tenantId: two.tenant.id, reporterId: two.a.id, targetType: 'message' as const, targetId: conversationId, targetLabel: 'x', reason: 'spam spam' };
    await systemClient().report.create({ data: report });
    await expect(readReportedConversation({ tenantId: two.tenant.id, staffId: two.staff.id, staffRole: 'staff', conversationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await countUnreadConversations(two.b)).toBe(0);
  });

  it('numbers concurrent replies without gaps or duplicates and counts them unread', async () => {
    const { a, b } = await community();
    const { conversationId } = await startConversation({ ...a, recipients: [b.username], subject: 'busy', body: 'start', rate });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, index) => replyToConversation({ ...a, conversationId, body: `reply ${index}`, rate })));
    expect(replies.map((reply) => reply.seq).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await listConversations(b))[0]?.unread).toBe(9);
    const view = await openConversation({ ...b, conversationId });
    expect(view.messages.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await countUnreadConversations(b)).toBe(0);
  });

  it('pages back through more than 100 messages: each exactly once, in order, for participants only', async () => {
    const { a, b, c, staff } = await community();
    const roomy: MessageRateContext = { redis, limits: { conversationsPerHour: 50, messagesPerMinute: 1000 } };
    const { conversationId } = await startConversation({ ...a, recipients: [b.username], subject: 'long', body: 'message 1', rate: roomy });
    for (let index = 2; index <= 250; index += 1) {
      await replyToConversation({ ...(index % 2 === 0 ? b : a), conversationId, body: `message ${index}`, rate: roomy });
    }
    const newest = await openConversation({ ...b, conversationId });
    expect(newest.messages).toHaveLength(100);
    expect(newest.hasOlder).toBe(true);
    // A message arriving while B pages back changes nothing in the older pages.
    await replyToConversation({ ...a, conversationId, body: 'message 251', rate: roomy });

    const seen = [...newest.messages];
    let cursor = newest.messages[0]!.seq;
    const pageSizes: number[] = [];
    for (;;) {
      const older = await listOlderMessages({ ...b, conversationId, beforeSeq: cursor });
      pageSizes.push(older.messages.length);
      seen.unshift(...older.messages);
      if (!older.hasOlder) break;
      cursor = older.messages[0]!.seq;
    }
    expect(pageSizes).toEqual([100, 50]);
    expect(seen.map((message) => message.body)).toEqual(Array.from({ length: 250 }, (_, index) => `message ${index + 1}`));
    expect(new Set(seen.map((message) => message.id)).size).toBe(250);
    expect(seen.filter((message) => message.mine).every((message) => message.author === b.username)).toBe(true);
    // Older pages mark nothing read: 251 is still new to B.
    expect(await countUnreadConversations(b)).toBe(1);

    for (const outsider of [c, staff]) {
      await expect(listOlderMessages({ ...outsider, conversationId, beforeSeq: 151 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    const other = await community();
    await expect(listOlderMessages({ ...other.a, conversationId, beforeSeq: 151 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listOlderMessages({ ...b, conversationId, beforeSeq: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await leaveConversation({ ...b, conversationId });
    await expect(listOlderMessages({ ...b, conversationId, beforeSeq: 151 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
