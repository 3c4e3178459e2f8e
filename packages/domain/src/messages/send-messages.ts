// Writing private messages: start a conversation with recipients by username, reply,
// add a participant, leave. Each write stores a `conversation.changed` outbox event in
// its transaction; the worker then pushes the new unread counts to the other
// participants' open pages (counts only, never a message body).
import { withTenant, type TenantTransaction } from '@swarmhost/db';
import { OUTBOX_TOPICS } from '@swarmhost/events';
import { AppError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox-event';
import { blockersOf, conversationNotFound, findRecipients, refuseBlocked, requireParticipant } from './conversation-access';
import { cleanBody, cleanSubject, countMessage, countNewConversation, MAX_PARTICIPANTS, MAX_RECIPIENTS, type MessageRateContext } from './message-limits';

export interface Sender {
  tenantId: string;
  memberId: string;
  isStaff: boolean;
}

/** Trimmed, without empties, one per name whatever its case. */
function distinctNames(usernames: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of usernames) {
    const name = raw.trim();
    if (name !== '' && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}

async function appendMessage(tx: TenantTransaction, options: { tenantId: string; conversationId: string; authorId: string; body: string }) {
  // The UPDATE locks the conversation row: concurrent replies get consecutive numbers.
  const conversation = await tx.conversation.update({
    where: { id: options.conversationId },
    data: { lastSeq: { increment: 1 }, lastMessageAt: new Date() },
    select: { lastSeq: true },
  });
  const message = await tx.privateMessage.create({
    data: { tenantId: options.tenantId, conversationId: options.conversationId, authorId: options.authorId, seq: conversation.lastSeq, body: options.body },
    select: { id: true, seq: true, createdAt: true },
  });
  // The author has read what they wrote.
  await tx.conversationParticipant.update({
    where: { tenantId_conversationId_memberId: { tenantId: options.tenantId, conversationId: options.conversationId, memberId: options.authorId } },
    data: { lastReadSeq: message.seq },
  });
  await writeOutboxEvent(tx, {
    tenantId: options.tenantId,
    topic: OUTBOX_TOPICS.conversationChanged,
    payload: { conversationId: options.conversationId, actorId: options.authorId },
  });
  return message;
}

export async function startConversation(
  options: Sender & { recipients: string[]; subject: string; body: string; rate: MessageRateContext },
): Promise<{ conversationId: string }> {
  const subject = cleanSubject(options.subject);
  const body = cleanBody(options.body);
  const names = distinctNames(options.recipients);
  if (names.length === 0) throw new AppError('BAD_REQUEST', 'name at least one recipient by username');
  if (names.length > MAX_RECIPIENTS) throw new AppError('BAD_REQUEST', `a conversation can start with at most ${MAX_RECIPIENTS} recipients; you named ${names.length}`);

  return withTenant(options.tenantId, async (tx) => {
    const found = await findRecipients(tx, names);
    const foundNames = new Set(found.map((member) => member.username.toLowerCase()));
    const unknown = names.filter((name) => !foundNames.has(name.toLowerCase()));
    if (unknown.length > 0) throw new AppError('BAD_REQUEST', `no member is called: ${unknown.join(', ')}; check the spelling`);
    const recipients = found.filter((member) => member.id !== options.memberId);
    if (recipients.length === 0) throw new AppError('BAD_REQUEST', 'you cannot send a private message to yourself only; name another member');
    const blockers = await blockersOf(tx, options.memberId, recipients.map((member) => member.id));
    if (blockers.length > 0) throw refuseBlocked(blockers);
    // Counted once the request is valid, so a typo in a name costs nothing.
    await countNewConversation(options.rate, options);

    const conversation = await tx.conversation.create({
      data: { tenantId: options.tenantId, subject, createdById: options.memberId },
      select: { id: true },
    });
    await tx.conversationParticipant.createMany({
      data: [options.memberId, ...recipients.map((member) => member.id)].map((memberId) => ({
        tenantId: options.tenantId,
        conversationId: conversation.id,
        memberId,
      })),
    });
    await appendMessage(tx, { tenantId: options.tenantId, conversationId: conversation.id, authorId: options.memberId, body });
    return { conversationId: conversation.id };
  });
}

export async function replyToConversation(
  options: Sender & { conversationId: string; body: string; rate: MessageRateContext },
): Promise<{ messageId: string; seq: number }> {
  const body = cleanBody(options.body);
  return withTenant(options.tenantId, async (tx) => {
    await requireParticipant(tx, options);
    const others = await tx.conversationParticipant.findMany({
      where: { conversationId: options.conversationId, leftAt: null, memberId: { not: options.memberId } },
      select: { memberId: true },
    });
    if (others.length === 0) throw new AppError('CONFLICT', 'everyone else has left this conversation; start a new one to write to them');
    // When every other participant blocked the author, the reply would reach nobody willing.
    const blockers = await blockersOf(tx, options.memberId, others.map((other) => other.memberId));
    if (blockers.length === others.length) throw refuseBlocked(blockers);
    await countMessage(options.rate, options);
    const message = await appendMessage(tx, { tenantId: options.tenantId, conversationId: options.conversationId, authorId: options.memberId, body });
    return { messageId: message.id, seq: message.seq };
  });
}

/** A participant adds another member; the new participant sees the whole conversation. */
export async function addParticipant(options: Sender & { conversationId: string; username: string }): Promise<{ username: string }> {
  const name = options.username.trim();
  if (name === '') throw new AppError('BAD_REQUEST', 'name the member to add by username');
  return withTenant(options.tenantId, async (tx) => {
    await requireParticipant(tx, options);
    // Lock the conversation so two additions cannot both pass the size check.
    await tx.$queryRaw`SELECT id FROM conversations WHERE id = ${options.conversationId}::uuid FOR UPDATE`;
    const [member] = await findRecipients(tx, [name]);
    if (!member) throw new AppError('BAD_REQUEST', `no member is called: ${name}; check the spelling`);
    const key = { tenantId: options.tenantId, conversationId: options.conversationId, memberId: member.id };
    const existing = await tx.conversationParticipant.findUnique({ where: { tenantId_conversationId_memberId: key }, select: { leftAt: true } });
    if (existing && existing.leftAt === null) throw new AppError('CONFLICT', `${member.username} is already in this conversation`);
    if ((await blockersOf(tx, options.memberId, [member.id])).length > 0) throw refuseBlocked([member.username]);
    const active = await tx.conversationParticipant.count({ where: { conversationId: options.conversationId, leftAt: null } });
    if (active >= MAX_PARTICIPANTS) throw new AppError('BAD_REQUEST', `a conversation holds at most ${MAX_PARTICIPANTS} members`);
    if (existing) await tx.conversationParticipant.update({ where: { tenantId_conversationId_memberId: key }, data: { leftAt: null, lastReadSeq: 0 } });
    else await tx.conversationParticipant.create({ data: key });
    await writeOutboxEvent(tx, {
      tenantId: options.tenantId,
      topic: OUTBOX_TOPICS.conversationChanged,
      payload: { conversationId: options.conversationId, actorId: options.memberId },
    });
    return { username: member.username };
  });
}

/** The conversation leaves the member's inbox; the others keep it. */
export async function leaveConversation(options: { tenantId: string; memberId: string; conversationId: string }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    await requireParticipant(tx, options);
    const left = await tx.conversationParticipant.updateMany({
      where: { conversationId: options.conversationId, memberId: options.memberId, leftAt: null },
      data: { leftAt: new Date() },
    });
    if (left.count === 0) throw conversationNotFound();
  });
}
