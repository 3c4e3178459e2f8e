// A member writes in a chat room: checked (room access, account active, not muted,
// rate limit), cleaned, then stored in one transaction with a notification for each
// @mentioned member of the tenant who can read the room (so neither exists without the
// other), and pushed live after the commit.
import { forTenant, withTenant } from '@swarmhost/db';
import { CHAT_MESSAGE_EVENT, gatewayRooms, type ChatMessageView, type LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { notificationSelect, notificationView, pushNotification } from '../notifications/notify-member';
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
  const names = mentionedUsernames(body);
  const { row, mentions } = await withTenant(options.tenantId, async (tx) => {
    const created = await tx.chatMessage.create({
      data: { tenantId: options.tenantId, roomId: room.id, authorId: options.authorId, body },
      select: chatMessageSelect,
    });
    const stored: { memberId: string; notification: ReturnType<typeof notificationView> }[] = [];
    if (names.length > 0) {
      const mentioned = await tx.member.findMany({
        where: { username: { in: names }, status: 'active', id: { not: options.authorId } },
        select: { id: true, role: true },
      });
      for (const member of mentioned) {
        if (room.staffOnly && !isStaffRole(member.role)) continue;
        const notification = await tx.notification.create({
          data: {
            tenantId: options.tenantId,
            memberId: member.id,
            kind: 'chat.mention',
            payload: { roomSlug: room.slug, roomName: room.name, messageId: created.id, byUsername: author.username, excerpt: body.slice(0, 140) },
          },
          select: notificationSelect,
        });
        stored.push({ memberId: member.id, notification: notificationView(notification) });
      }
    }
    return { row: created, mentions: stored };
  });
  const message = chatMessageView(room, row);
  options.emitter.to(gatewayRooms.chat(options.tenantId, room.id)).emit(CHAT_MESSAGE_EVENT, message);
  for (const mention of mentions) {
    await pushNotification({ tenantId: options.tenantId, memberId: mention.memberId, notification: mention.notification, emitter: options.emitter });
  }
  return message;
}
