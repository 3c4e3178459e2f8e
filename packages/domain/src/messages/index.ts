// Private messages between members (issue 15): conversations, blocks, rate limits and
// the staff view of reported conversations.
export { blockersOf } from './conversation-access';
export { blockMember, isBlocking, listBlocks, MAX_BLOCKS, unblockMember } from './member-blocks';
export {
  DEFAULT_MESSAGE_RATE_LIMITS,
  MAX_PARTICIPANTS,
  MAX_RECIPIENTS,
  MESSAGE_BODY_MAX_LENGTH,
  SUBJECT_MAX_LENGTH,
  type MessageRateContext,
  type MessageRateLimits,
} from './message-limits';
export {
  CONVERSATION_PAGE_SIZE,
  countUnreadConversations,
  INBOX_PAGE_SIZE,
  listConversations,
  listOlderMessages,
  openConversation,
  pushConversationUnreadCounts,
  pushUnreadCount,
  type ConversationMessage,
  type ConversationView,
  type InboxEntry,
} from './read-conversations';
export { addParticipant, leaveConversation, replyToConversation, startConversation, type Sender } from './send-messages';
export { findReportableMessage } from './reportable-message';
export { readReportedConversation, type ReportedConversationView } from './staff-read-conversation';
