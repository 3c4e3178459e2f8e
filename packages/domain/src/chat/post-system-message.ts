// System messages in a tenant's chat ("torrent X approved"), posted by the worker for
// an outbox event; they have no author and skip the rate limit. With a `sourceKey` a
// retried job posts once (and pushes the stored message again).
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
  /** Unique per tenant (the worker passes "outbox:<id>"). */
  sourceKey?: string;
}): Promise<ChatMessageView> {
  const slug = options.roomSlug ?? 'general';
  const db = forTenant(options.tenantId);
  const room = await db.chatRoom.findUnique({ where: { tenantId_slug: { tenantId: options.tenantId, slug } }, select: { id: true, slug: true } });
  if (!room) throw new AppError('NOT_FOUND', `the tenant has no chat room "${slug}"`);
  const data = { tenantId: options.tenantId, roomId: room.id, authorId: null, body: cleanChatBody(options.body) };
  let row;
  if (options.sourceKey === undefined) {
    row = await db.chatMessage.create({ data, select: chatMessageSelect });
  } else {
    // ON CONFLICT DO NOTHING on (tenant_id, source_key); clients drop a message id they know.
    await db.chatMessage.createMany({ data: [{ ...data, sourceKey: options.sourceKey }], skipDuplicates: true });
    row = await db.chatMessage.findFirstOrThrow({ where: { sourceKey: options.sourceKey }, select: chatMessageSelect });
  }
  const message = chatMessageView(room, row);
  options.emitter.to(gatewayRooms.chat(options.tenantId, room.id)).emit(CHAT_MESSAGE_EVENT, message);
  return message;
}
