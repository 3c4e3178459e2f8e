// A member writes in a chat room: checked (room access, account active, not muted,
// rate limit), cleaned, stored, pushed to the room, and each @mentioned member of the
// tenant who can read the room gets a notification.
import { forTenant } from '@swarmhost/db';
import { CHAT_MESSAGE_EVENT, gatewayRooms, type ChatMessageView, type LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { notifyMember } from '../notifications/notify-member';
import { takeChatToken, type ChatRedis } from './chat-guards';
import { activeChatMuteSelect, refuseIfMuted } from './chat-mutes';
import { chatMessageSelect, chatMessageView } from './chat-history';
import { findChatRoom, isStaffRole, type ChatRole } from './chat-rooms';
import { cleanChatBody, mentionedUsernames } from './chat-text';

export interface PostChatMessageOptions {
  tenantId: string;
  authorId: string;
  role: ChatRole;
  roomSlug: unknown;
  body: unknown;
  chat: ChatRedis;
  emitter: LiveEmitter;
}

export async function postChatMessage(options: PostChatMessageOptions): Promise<ChatMessageView> {
  const room = await findChatRoom({ tenantId: options.tenantId, role: options.role, slug: options.roomSlug });
  const body = cleanChatBody(options.body);
  const db = forTenant(options.tenantId);
  const now = new Date();
  const author = await db.member.findUnique({
    where: { id: options.authorId },
    select: { status: true, username: true, chatMutes: activeChatMuteSelect(now) },
  });
  if (!author || author.status !== 'active') throw new AppError('FORBIDDEN', 'your account cannot write in chat; contact the staff');
  refuseIfMuted(author.chatMutes[0], now);
  await takeChatToken(options.chat, options.tenantId, options.authorId);
  const row = await db.chatMessage.create({
    data: { tenantId: options.tenantId, roomId: room.id, authorId: options.authorId, body },
    select: chatMessageSelect,
  });
  const message = chatMessageView(room, row);
  options.emitter.to(gatewayRooms.chat(options.tenantId, room.id)).emit(CHAT_MESSAGE_EVENT, message);

  const names = mentionedUsernames(body);
  if (names.length > 0) {
    const mentioned = await db.member.findMany({
      where: { username: { in: names }, status: 'active', id: { not: options.authorId } },
      select: { id: true, role: true },
    });
    for (const member of mentioned) {
      if (room.staffOnly && !isStaffRole(member.role)) continue;
      await notifyMember({
        tenantId: options.tenantId,
        memberId: member.id,
        kind: 'chat.mention',
        payload: { roomSlug: room.slug, roomName: room.name, messageId: message.id, byUsername: author.username, excerpt: body.slice(0, 140) },
        emitter: options.emitter,
      });
    }
  }
  return message;
}
