// Staff moderation of chat: delete a message (every open client removes it) and mute a
// member for some minutes (stored in chat_mutes). Both are audited; members get a clear refusal.
import { withTenant } from '@swarmhost/db';
import { CHAT_DELETED_EVENT, gatewayRooms, type ChatDeleted, type LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { requireId } from './chat-guards';
import { liftChatMutes, parseMuteRequest } from './chat-mutes';
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

/** Mutes `memberId` for `minutes` (0 lifts every active mute), with an optional reason shown to them. */
export async function muteChatMember(context: ChatStaffContext, memberId: unknown, minutes: unknown, reason?: unknown): Promise<{ mutedUntil: string | null }> {
  requireStaff(context, 'mute members');
  const target = requireId(memberId, 'member');
  const request = parseMuteRequest(minutes, reason);
  return withTenant(context.tenantId, async (tx) => {
    const member = await tx.member.findUnique({ where: { id: target }, select: { role: true } });
    if (!member) throw new AppError('NOT_FOUND', 'no such member here; reload the page');
    if (isStaffRole(member.role)) throw new AppError('FORBIDDEN', 'staff members cannot be muted; ask an admin to change their role');
    const audit = { tenantId: context.tenantId, actorMemberId: context.staffId, targetType: 'member', targetId: target };
    if (request.minutes === 0) {
      const lifted = await liftChatMutes(tx, target);
      await tx.auditLog.create({ data: { ...audit, action: 'chat.unmute', details: { lifted } } });
      return { mutedUntil: null };
    }
    const mute = await tx.chatMute.create({
      data: { tenantId: context.tenantId, memberId: target, mutedById: context.staffId, reason: request.reason, expiresAt: new Date(Date.now() + request.minutes * 60_000) },
      select: { id: true, expiresAt: true },
    });
    const mutedUntil = mute.expiresAt.toISOString();
    await tx.auditLog.create({ data: { ...audit, action: 'chat.mute', details: { muteId: mute.id, minutes: request.minutes, reason: request.reason, mutedUntil } } });
    return { mutedUntil };
  });
}
