// Reading private messages: the inbox with unread counts, one conversation (which marks
// it read) and its older messages a page at a time (cursor: the message sequence number,
// unique and increasing per conversation), the number of conversations with unread
// messages for the navigation, and pushing that number to the member's open pages.
import { forTenant, withTenant, type TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';
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
  /** More, older messages exist (listOlderMessages with beforeSeq = the first message's seq). */
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

/** Up to one page of messages before `beforeSeq` (or the newest), oldest first, and whether older ones exist. */
async function messagePage(tx: TenantTransaction, conversationId: string, memberId: string, beforeSeq: number | undefined) {
  const newestFirst = await tx.privateMessage.findMany({
    where: { conversationId, ...(beforeSeq !== undefined ? { seq: { lt: beforeSeq } } : {}) },
    orderBy: { seq: 'desc' },
    take: CONVERSATION_PAGE_SIZE + 1,
    select: { id: true, seq: true, body: true, createdAt: true, authorId: true, author: { select: { username: true } } },
  });
  const messages: ConversationMessage[] = newestFirst
    .slice(0, CONVERSATION_PAGE_SIZE)
    .reverse()
    .map((message) => ({
      id: message.id,
      seq: message.seq,
      author: message.author?.username ?? null,
      mine: message.authorId === memberId,
      body: message.body,
      createdAt: message.createdAt.toISOString(),
    }));
  return { messages, hasOlder: newestFirst.length > CONVERSATION_PAGE_SIZE };
}

function checkCursor(beforeSeq: number | undefined): void {
  if (beforeSeq !== undefined && (!Number.isInteger(beforeSeq) || beforeSeq < 1)) {
    throw new AppError('BAD_REQUEST', 'beforeSeq: must be the sequence number (1 or more) of the oldest message shown');
  }
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
  checkCursor(options.beforeSeq);
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
    const { messages, hasOlder } = await messagePage(tx, conversation.id, options.memberId, options.beforeSeq);
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
      messages,
      readUpTo: participant.lastReadSeq,
      hasOlder,
    };
  });
}

/**
 * "Load older messages": the page before `beforeSeq` (the oldest message the member has
 * on screen), oldest first. Participants only (NOT_FOUND otherwise, as for the
 * conversation); reading older messages marks nothing read.
 */
export async function listOlderMessages(options: {
  tenantId: string;
  memberId: string;
  conversationId: string;
  beforeSeq: number;
}): Promise<{ messages: ConversationMessage[]; hasOlder: boolean }> {
  checkCursor(options.beforeSeq);
  return withTenant(options.tenantId, async (tx) => {
    await requireParticipant(tx, options);
    return messagePage(tx, options.conversationId, options.memberId, options.beforeSeq);
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
