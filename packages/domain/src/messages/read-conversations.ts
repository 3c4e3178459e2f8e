// Reading private messages: the inbox with unread counts, one conversation (which marks
// it read), the number of conversations with unread messages for the navigation, and
// pushing that number to the member's open pages.
import { forTenant, withTenant } from '@swarmhost/db';
import { pushUnreadConversations, type LiveEmitter } from '@swarmhost/events';
import { requireParticipant } from './conversation-access';

export const INBOX_PAGE_SIZE = 50;
export const CONVERSATION_PAGE_SIZE = 100;

export interface InboxEntry {
  id: string;
  subject: string;
  /** Everyone else still in the conversation, by username. */
  with: string[];
  lastMessageAt: string;
  /** Messages of others the member has not read. */
  unread: number;
}

export interface ConversationMessage {
  id: string;
  seq: number;
  author: string | null;
  mine: boolean;
  body: string;
  createdAt: string;
}

export interface ConversationView {
  id: string;
  subject: string;
  participants: { username: string; left: boolean }[];
  messages: ConversationMessage[];
  /** What the member had read before this view: messages above it are new to them. */
  readUpTo: number;
  /** More, older messages exist (ask with beforeSeq = the first message's seq). */
  hasOlder: boolean;
}

export async function countUnreadConversations(options: { tenantId: string; memberId: string }): Promise<number> {
  const rows = await forTenant(options.tenantId).$queryRaw<{ unread: number }[]>`
    SELECT count(*)::int AS unread
    FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id
    WHERE p.member_id = ${options.memberId}::uuid AND p.left_at IS NULL AND c.last_seq > p.last_read_seq`;
  return rows[0]?.unread ?? 0;
}

export async function listConversations(options: { tenantId: string; memberId: string; before?: Date }): Promise<InboxEntry[]> {
  const before = options.before ?? new Date('9999-12-31T00:00:00Z');
  const rows = await forTenant(options.tenantId).$queryRaw<
    { id: string; subject: string; last_message_at: Date; unread: number; others: string[] | null }[]
  >`
    SELECT c.id::text AS id, c.subject, c.last_message_at,
      (SELECT count(*)::int FROM private_messages m
        WHERE m.conversation_id = c.id AND m.seq > p.last_read_seq AND m.author_id IS DISTINCT FROM p.member_id) AS unread,
      (SELECT array_agg(mb.username::text ORDER BY mb.username) FROM conversation_participants o JOIN members mb ON mb.id = o.member_id
        WHERE o.conversation_id = c.id AND o.left_at IS NULL AND o.member_id <> p.member_id) AS others
    FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id
    WHERE p.member_id = ${options.memberId}::uuid AND p.left_at IS NULL AND c.last_message_at < ${before}
    ORDER BY c.last_message_at DESC
    LIMIT ${INBOX_PAGE_SIZE}`;
  return rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    with: row.others ?? [],
    lastMessageAt: row.last_message_at.toISOString(),
    unread: row.unread,
  }));
}

/**
 * One conversation for a participant (NOT_FOUND for anyone else), newest page of
 * messages; viewing the newest page marks everything up to its last message read.
 */
export async function openConversation(options: {
  tenantId: string;
  memberId: string;
  conversationId: string;
  beforeSeq?: number;
}): Promise<ConversationView> {
  return withTenant(options.tenantId, async (tx) => {
    const participant = await requireParticipant(tx, options);
    const conversation = await tx.conversation.findUniqueOrThrow({
      where: { id: options.conversationId },
      select: { id: true, subject: true, lastSeq: true },
    });
    const participants = await tx.conversationParticipant.findMany({
      where: { conversationId: conversation.id },
      select: { leftAt: true, member: { select: { username: true } } },
      orderBy: { joinedAt: 'asc' },
    });
    const newestFirst = await tx.privateMessage.findMany({
      where: { conversationId: conversation.id, ...(options.beforeSeq !== undefined ? { seq: { lt: options.beforeSeq } } : {}) },
      orderBy: { seq: 'desc' },
      take: CONVERSATION_PAGE_SIZE + 1,
      select: { id: true, seq: true, body: true, createdAt: true, authorId: true, author: { select: { username: true } } },
    });
    const hasOlder = newestFirst.length > CONVERSATION_PAGE_SIZE;
    const messages = newestFirst.slice(0, CONVERSATION_PAGE_SIZE).reverse();
    const newest = messages.at(-1)?.seq ?? 0;
    if (options.beforeSeq === undefined && newest > participant.lastReadSeq) {
      // GREATEST: a concurrent, newer mark is never moved back.
      await tx.$executeRaw`
        UPDATE conversation_participants SET last_read_seq = GREATEST(last_read_seq, ${newest})
        WHERE conversation_id = ${conversation.id}::uuid AND member_id = ${options.memberId}::uuid`;
    }
    return {
      id: conversation.id,
      subject: conversation.subject,
      participants: participants.map((row) => ({ username: row.member.username, left: row.leftAt !== null })),
      messages: messages.map((message) => ({
        id: message.id,
        seq: message.seq,
        author: message.author?.username ?? null,
        mine: message.authorId === options.memberId,
        body: message.body,
        createdAt: message.createdAt.toISOString(),
      })),
      readUpTo: participant.lastReadSeq,
      hasOlder,
    };
  });
}

/** Reads the member's count and pushes it to their open pages (every tab, any gateway). */
export async function pushUnreadCount(options: { tenantId: string; memberId: string; emitter: LiveEmitter }): Promise<number> {
  const unread = await countUnreadConversations(options);
  await pushUnreadConversations(options.emitter, { tenantId: options.tenantId, memberId: options.memberId, unread });
  return unread;
}

/** The worker's half of `conversation.changed`: every active participant but the actor gets their new count. */
export async function pushConversationUnreadCounts(options: { tenantId: string; conversationId: string; actorId: string; emitter: LiveEmitter }): Promise<number> {
  const participants = await forTenant(options.tenantId).conversationParticipant.findMany({
    where: { conversationId: options.conversationId, leftAt: null, memberId: { not: options.actorId } },
    select: { memberId: true },
  });
  for (const participant of participants) {
    await pushUnreadCount({ tenantId: options.tenantId, memberId: participant.memberId, emitter: options.emitter });
  }
  return participants.length;
}
