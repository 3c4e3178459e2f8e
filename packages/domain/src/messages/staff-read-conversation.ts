// Staff cannot read members' conversations — except one holding a message somebody
// reported (a `reports` row with target_type 'message'). Every such read is audited in
// the same transaction; without a report staff get the NOT_FOUND anyone else gets.
import { withTenant } from '@swarmhost/db';
import { recordAudit } from '../audit/record-audit';
import { isStaffRole } from '../chat/chat-rooms';
import { AppError } from '../errors';
import { conversationNotFound, requireConversationId } from './conversation-access';

export interface ReportedConversationView {
  id: string;
  subject: string;
  participants: { username: string; left: boolean }[];
  messages: { id: string; seq: number; author: string | null; body: string; createdAt: string; reported: boolean }[];
  reportIds: string[];
}

export async function readReportedConversation(options: {
  tenantId: string;
  staffId: string;
  staffRole: string;
  conversationId: string;
}): Promise<ReportedConversationView> {
  if (!isStaffRole(options.staffRole)) throw new AppError('FORBIDDEN', 'only staff can read reported conversations');
  const conversationId = requireConversationId(options.conversationId);
  return withTenant(options.tenantId, async (tx) => {
    const reports = await tx.$queryRaw<{ id: string; target_id: string }[]>`
      SELECT r.id::text AS id, r.target_id::text AS target_id
      FROM reports r JOIN private_messages m ON m.id = r.target_id
      WHERE r.target_type = 'message' AND m.conversation_id = ${conversationId}::uuid
      ORDER BY r.created_at`;
    if (reports.length === 0) {
      throw new AppError('NOT_FOUND', 'no report names a message of this conversation; staff can read a private conversation only through a report');
    }
    const conversation = await tx.conversation.findUnique({ where: { id: conversationId }, select: { id: true, subject: true } });
    if (!conversation) throw conversationNotFound();
    const participants = await tx.conversationParticipant.findMany({
      where: { conversationId },
      select: { leftAt: true, member: { select: { username: true } } },
      orderBy: { joinedAt: 'asc' },
    });
    const messages = await tx.privateMessage.findMany({
      where: { conversationId },
      orderBy: { seq: 'asc' },
      take: 1000,
      select: { id: true, seq: true, body: true, createdAt: true, author: { select: { username: true } } },
    });
    const reported = new Set(reports.map((report) => report.target_id));
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.staffId,
      action: 'messages.read_reported',
      targetType: 'conversation',
      targetId: conversationId,
      details: { reportIds: reports.map((report) => report.id), messages: messages.length },
    });
    return {
      id: conversation.id,
      subject: conversation.subject,
      participants: participants.map((row) => ({ username: row.member.username, left: row.leftAt !== null })),
      messages: messages.map((message) => ({
        id: message.id,
        seq: message.seq,
        author: message.author?.username ?? null,
        body: message.body,
        createdAt: message.createdAt.toISOString(),
        reported: reported.has(message.id),
      })),
      reportIds: reports.map((report) => report.id),
    };
  });
}
