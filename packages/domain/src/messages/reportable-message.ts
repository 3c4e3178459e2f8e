// What a report on a private message needs (for reports/report-targets.ts): only an
// active participant may report a message, and staff then open its conversation.
import { forTenant } from '@swarmhost/db';
import { AppError } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findReportableMessage(options: { tenantId: string; memberId: string; messageId: string }): Promise<{ conversationId: string; label: string }> {
  const notFound = new AppError('NOT_FOUND', 'this message does not exist or is not in one of your conversations');
  if (!UUID.test(options.messageId)) throw notFound;
  const message = await forTenant(options.tenantId).privateMessage.findFirst({
    where: { id: options.messageId, conversation: { participants: { some: { memberId: options.memberId, leftAt: null } } } },
    select: { conversationId: true, body: true, author: { select: { username: true } } },
  });
  if (!message) throw notFound;
  const excerpt = message.body.length > 120 ? `${message.body.slice(0, 117)}...` : message.body;
  return { conversationId: message.conversationId, label: `${message.author?.username ?? 'a former member'}: ${excerpt}` };
}
