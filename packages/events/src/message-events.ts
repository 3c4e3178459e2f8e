// Private messages, live: a member's number of conversations with unread messages goes
// to their own room after a message reaches them or they read one. Only the count
// travels; subjects and bodies stay in the database for the participants' pages.
import { rooms } from './rooms';

export const MESSAGES_UNREAD_EVENT = 'messages:unread';

export interface UnreadConversations {
  /** Conversations with at least one message the member has not read. */
  unread: number;
}

interface RoomEmitter {
  to(room: string | string[]): { emit(event: string, ...args: unknown[]): unknown };
}

/** Pushes the count to every open page of the member, on any gateway. */
export function pushUnreadConversations(emitter: RoomEmitter, options: { tenantId: string; memberId: string; unread: number }): unknown {
  const update: UnreadConversations = { unread: options.unread };
  return emitter.to(rooms.member(options.tenantId, options.memberId)).emit(MESSAGES_UNREAD_EVENT, update);
}

export function isUnreadConversations(value: unknown): value is UnreadConversations {
  return typeof value === 'object' && value !== null && Number.isInteger((value as Record<string, unknown>).unread);
}
