// Staff moderation of chat: delete a message (every open client removes it) and mute a
// member for some minutes. Both are audited; members get a clear refusal.
import { withTenant } from '@swarmhost/db';
import { CHAT_DELETED_EVENT, gatewayRooms, type ChatDeleted, type LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { requireId, setChatMute, type ChatRedis } from './chat-guards';
import { isStaffRole, type ChatRole } from './chat-rooms';

export interface ChatStaffContext {
  tenantId: string;
  staffId: string;
  role: ChatRole;
  emitter: LiveEmitter;
}

function requireStaff(context: ChatStaffContext, what: string): void {
  if (!isStaffRole(context.role)) throw new AppError('FORBIDDEN', `only staff can ${what}`);
}

export async function deleteChatMessage(context: ChatStaffContext, messageId: unknown): Promise<ChatDeleted> {
  requireStaff(context, 'delete chat messages');
  const id = requireId(messageId, 'message');
  const deleted = await withTenant(context.tenantId, async (tx) => {
    const message = await tx.chatMessage.findUnique({ where: { id }, select: { roomId: true, deletedAt: true, authorId: true } });
    if (!message || message.deletedAt) throw new AppError('NOT_FOUND', 'this message was already deleted; nothing to do');
    await tx.chatMessage.update({ where: { id }, data: { deletedAt: new Date() } });
    await tx.auditLog.create({
      data: { tenantId: context.tenantId, actorMemberId: context.staffId, action: 'chat.delete', targetType: 'chat_message', targetId: id, details: { authorId: message.authorId } },
    });
    return { roomId: message.roomId, messageId: id };
  });
  context.emitter.to(gatewayRooms.chat(context.tenantId, deleted.roomId)).emit(CHAT_DELETED_EVENT, deleted);
  return deleted;
}

/** Mutes `memberId` for `minutes` (0 lifts a mute). */
export async function muteChatMember(context: ChatStaffContext & { chat: ChatRedis }, memberId: unknown, minutes: unknown): Promise<void> {
  requireStaff(context, 'mute members');
  const target = requireId(memberId, 'member');
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 0 || minutes > 7 * 24 * 60) {
    throw new AppError('BAD_REQUEST', 'give the mute length in whole minutes, 0 (lift) to 10080 (a week)');
  }
  await withTenant(context.tenantId, async (tx) => {
    const member = await tx.member.findUnique({ where: { id: target }, select: { role: true } });
    if (!member) throw new AppError('NOT_FOUND', 'no such member here; reload the page');
    if (isStaffRole(member.role)) throw new AppError('FORBIDDEN', 'staff members cannot be muted; ask an admin to change their role');
    await tx.auditLog.create({
      data: { tenantId: context.tenantId, actorMemberId: context.staffId, action: 'chat.mute', targetType: 'member', targetId: target, details: { minutes } },
    });
  });
  await setChatMute(context.chat, context.tenantId, target, minutes);
}
