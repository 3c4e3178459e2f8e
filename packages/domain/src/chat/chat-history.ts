// A room's history: the latest 50 messages on join, older pages by cursor (a message
// id), and "everything after" for a client catching up after a reconnect.
import { forTenant } from '@swarmhost/db';
import { CHAT_HISTORY_PAGE, type ChatHistoryPage, type ChatMessageView, type ChatRoomView } from '@swarmhost/events';
import { requireId } from './chat-guards';

export const chatMessageSelect = {
  id: true,
  roomId: true,
  body: true,
  createdAt: true,
  author: { select: { id: true, username: true } },
} as const;

export function chatMessageView(
  room: Pick<ChatRoomView, 'slug'>,
  row: { id: string; roomId: string; body: string; createdAt: Date; author: { id: string; username: string } | null },
): ChatMessageView {
  return { id: row.id, roomId: row.roomId, roomSlug: room.slug, author: row.author, body: row.body, createdAt: row.createdAt.toISOString() };
}

async function cursorOf(tenantId: string, roomId: string, messageId: unknown) {
  const id = requireId(messageId, 'message');
  const row = await forTenant(tenantId).chatMessage.findFirst({ where: { id, roomId }, select: { id: true, createdAt: true } });
  return row ?? { id, createdAt: new Date(0) };
}

/** Newest page (or the page before `before`), oldest message first. */
export async function loadChatHistory(options: { tenantId: string; room: ChatRoomView; before?: unknown }): Promise<ChatHistoryPage> {
  const cursor = options.before === undefined ? undefined : await cursorOf(options.tenantId, options.room.id, options.before);
  const rows = await forTenant(options.tenantId).chatMessage.findMany({
    where: {
      roomId: options.room.id,
      deletedAt: null,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: CHAT_HISTORY_PAGE + 1,
    select: chatMessageSelect,
  });
  const page = rows.slice(0, CHAT_HISTORY_PAGE).reverse();
  return {
    messages: page.map((row) => chatMessageView(options.room, row)),
    nextCursor: rows.length > CHAT_HISTORY_PAGE ? (page[0]?.id ?? null) : null,
  };
}

/** Messages newer than `after` (at most a page), for catching up after a reconnect. */
export async function loadChatMessagesAfter(options: { tenantId: string; room: ChatRoomView; after: unknown }): Promise<ChatMessageView[]> {
  const cursor = await cursorOf(options.tenantId, options.room.id, options.after);
  const rows = await forTenant(options.tenantId).chatMessage.findMany({
    where: {
      roomId: options.room.id,
      deletedAt: null,
      OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }],
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: CHAT_HISTORY_PAGE,
    select: chatMessageSelect,
  });
  return rows.map((row) => chatMessageView(options.room, row));
}
