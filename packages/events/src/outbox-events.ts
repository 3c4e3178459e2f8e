// Events written to `outbox_events` in the same transaction as the change they describe;
// the worker's relay turns each row into one job. The topic names and payload schemas
// live here so the writers (packages/domain) and the worker can never disagree.
import { z } from 'zod';

const id = z.uuid();

export const OUTBOX_TOPICS = {
  torrentModerated: 'torrent.moderated',
  commentPosted: 'comment.posted',
  torrentSearchChanged: 'search.torrent-changed',
  forumSearchChanged: 'search.forum-changed',
  conversationChanged: 'conversation.changed',
} as const;

/** Staff approved or rejected a queued upload. */
export const torrentModeratedEventSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approved'), torrentId: id, staffId: id }),
  z.object({ decision: z.literal('rejected'), torrentId: id, staffId: id, reason: z.string().min(1).max(500) }),
]);
export type TorrentModeratedEvent = z.infer<typeof torrentModeratedEventSchema>;

/** A member commented on a torrent. */
export const commentPostedEventSchema = z.object({ torrentId: id, commentId: id, authorId: id });
export type CommentPostedEvent = z.infer<typeof commentPostedEventSchema>;

/**
 * A torrent that search may show changed (approved, edited, deleted, uploaded approved):
 * the worker re-reads it and updates the search engine's index (issue 13).
 */
export const torrentSearchChangedEventSchema = z.object({ torrentId: id });
export type TorrentSearchChangedEvent = z.infer<typeof torrentSearchChangedEventSchema>;

/**
 * Forum posts search may show changed (issue 15): with `postId`, that post (written,
 * edited or deleted); without, every post of the topic (moved to another forum, merged:
 * forum, topic or positions changed, or the topic is gone). The worker re-reads them and
 * updates the search engine's forum index.
 */
export const forumSearchChangedEventSchema = z.object({ topicId: id, postId: id.optional() });
export type ForumSearchChangedEvent = z.infer<typeof forumSearchChangedEventSchema>;

/**
 * A private conversation got a message or a participant: the worker pushes the new unread
 * counts to the other participants (no subject, no body).
 */
export const conversationChangedEventSchema = z.object({ conversationId: id, actorId: id });
export type ConversationChangedEvent = z.infer<typeof conversationChangedEventSchema>;

export const outboxEventSchemas = {
  [OUTBOX_TOPICS.torrentModerated]: torrentModeratedEventSchema,
  [OUTBOX_TOPICS.commentPosted]: commentPostedEventSchema,
  [OUTBOX_TOPICS.torrentSearchChanged]: torrentSearchChangedEventSchema,
  [OUTBOX_TOPICS.forumSearchChanged]: forumSearchChangedEventSchema,
  [OUTBOX_TOPICS.conversationChanged]: conversationChangedEventSchema,
} as const;

export type OutboxTopic = keyof typeof outboxEventSchemas;
export type OutboxPayload<Topic extends OutboxTopic> = z.infer<(typeof outboxEventSchemas)[Topic]>;

/** The key the worker stores on what it creates for one outbox row (unique per tenant). */
export const outboxSourceKey = (outboxId: string | bigint) => `outbox:${String(outboxId)}`;
