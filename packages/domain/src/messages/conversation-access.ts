// Who may see or write to a conversation: only its participants who have not left. Any
// other member — staff included — gets the same NOT_FOUND as for an id that does not
// exist, so a conversation's existence leaks to nobody.
import type { TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function conversationNotFound(): AppError {
  return new AppError('NOT_FOUND', 'this conversation does not exist or you are not in it; go back to your inbox');
}

/** Ids come from browsers: anything that is not a uuid names no conversation. */
export function requireConversationId(value: string): string {
  if (!UUID.test(value)) throw conversationNotFound();
  return value;
}

/** The caller's active participation, or NOT_FOUND. */
export async function requireParticipant(tx: TenantTransaction, who: { tenantId: string; conversationId: string; memberId: string }) {
  const key = { tenantId: who.tenantId, conversationId: requireConversationId(who.conversationId), memberId: who.memberId };
  const participant = await tx.conversationParticipant.findUnique({
    where: { tenantId_conversationId_memberId: key },
    select: { lastReadSeq: true, leftAt: true },
  });
  if (!participant || participant.leftAt !== null) throw conversationNotFound();
  return participant;
}

/**
 * Members among `memberIds` who blocked `senderId`: they refuse conversations from them.
 * Returned by username so the refusal can name them (and nothing more).
 */
export async function blockersOf(tx: TenantTransaction, senderId: string, memberIds: string[]): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const blocks = await tx.memberBlock.findMany({
    where: { blockedId: senderId, blockerId: { in: memberIds } },
    select: { blocker: { select: { username: true } } },
  });
  return blocks.map((block) => block.blocker.username).sort();
}

export function refuseBlocked(usernames: string[]): AppError {
  return new AppError('FORBIDDEN', `${usernames.join(', ')} ${usernames.length === 1 ? 'does' : 'do'} not accept private messages from you`);
}

/** Active members by username (case-insensitive), in one query. */
export async function findRecipients(tx: TenantTransaction, usernames: string[]) {
  return tx.$queryRaw<{ id: string; username: string }[]>`
    SELECT id::text AS id, username::text AS username FROM members
    WHERE username = ANY(${usernames}::citext[]) AND status = 'active'`;
}
