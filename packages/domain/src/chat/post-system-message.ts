// System messages in a tenant's chat ("torrent X approved"), posted by the worker or the
// web app after the event committed; they have no author and skip the rate limit.
import { forTenant } from '@swarmhost/db';
import { CHAT_MESSAGE_EVENT, gatewayRooms, type ChatMessageView, type LiveEmitter } from '@swarmhost/events';
import { AppError } from '../errors';
import { chatMessageSelect, chatMessageView } from './chat-history';
import { cleanChatBody } from './chat-text';

export async function postSystemMessage(options: {
  tenantId: string;
  /** Defaults to the "general" room every tenant gets. */
  roomSlug?: string;
  body: string;
  /** A @socket.io/redis-emitter Emitter outside the gateway. */
  emitter: LiveEmitter;
}): Promise<ChatMessageView> {
  const slug = options.roomSlug ?? 'general';
  const db = forTenant(options.tenantId);
  const room = await db.chatRoom.findUnique({ where: { tenantId_slug: { tenantId: options.tenantId, slug } }, select: { id: true, slug: true } });
  if (!room) throw new AppError('NOT_FOUND', `the tenant has no chat room "${slug}"`);
  const row = await db.chatMessage.create({
    data: { tenantId: options.tenantId, roomId: room.id, authorId: null, body: cleanChatBody(options.body) },
    select: chatMessageSelect,
  });
  const message = chatMessageView(room, row);
  options.emitter.to(gatewayRooms.chat(options.tenantId, room.id)).emit(CHAT_MESSAGE_EVENT, message);
  return message;
}
