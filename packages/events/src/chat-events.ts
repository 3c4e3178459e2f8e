// Chat payloads the gateway pushes and the web's chat panel renders. Bodies are raw
// text: clients must render them as text (never as HTML).
export const CHAT_MESSAGE_EVENT = 'chat:message';
export const CHAT_DELETED_EVENT = 'chat:deleted';

export const CHAT_HISTORY_PAGE = 50;
export const CHAT_MAX_BODY_LENGTH = 1000;

export interface ChatRoomView {
  id: string;
  slug: string;
  name: string;
  topic: string;
  staffOnly: boolean;
}

export interface ChatMessageView {
  id: string;
  roomId: string;
  roomSlug: string;
  /** null for a system message ("torrent X approved"). */
  author: { id: string; username: string } | null;
  body: string;
  /** ISO timestamp. */
  createdAt: string;
}

export interface ChatHistoryPage {
  messages: ChatMessageView[];
  /** Pass as `before` to page further back; null when the start was reached. */
  nextCursor: string | null;
}

export interface ChatDeleted {
  roomId: string;
  messageId: string;
}
