export {
  INVALIDATION_CHANNEL,
  decodeInvalidation,
  encodeInvalidation,
  invalidationSchema,
  publishInvalidation,
  type Invalidation,
  type Publisher,
} from './invalidation';
export { rooms } from './rooms';
export {
  isTenantStats,
  SWARM_UPDATE_EVENT,
  TENANT_STATS_EVENT,
  type SwarmUpdate,
  type TenantAnnounceStats,
} from './tracker-events';
export {
  isSwarmUpdate,
  publishSwarmBatch,
  publishTenantStats,
  SWARM_BATCH_EVENT,
  SWARM_BATCH_MAX_UPDATES,
  swarmBatchUpdates,
  type ServerSideEmitter,
  type SwarmBatch,
} from './swarm-batch';
export {
  gatewayRooms,
  GATEWAY_REQUESTS,
  type GatewayAck,
  type GatewayErrorCode,
  type LiveEmitter,
  SESSION_OFFSET_EVENT,
} from './gateway-protocol';
export {
  CHAT_DELETED_EVENT,
  CHAT_HISTORY_PAGE,
  CHAT_MAX_BODY_LENGTH,
  CHAT_MESSAGE_EVENT,
  type ChatDeleted,
  type ChatHistoryPage,
  type ChatMessageView,
  type ChatRoomView,
} from './chat-events';
export {
  NOTIFICATION_COUNT_EVENT,
  NOTIFICATION_EVENT,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationPush,
  type NotificationView,
  type UnreadCount,
} from './notification-events';
export {
  DASHBOARD_HISTORY_SECONDS,
  DASHBOARD_POINT_EVENT,
  DASHBOARD_TICK_EVENT,
  PLATFORM_SERIES_ID,
  type DashboardPoint,
  type DashboardTick,
} from './dashboard-events';
export {
  commentPostedEventSchema,
  conversationChangedEventSchema,
  forumSearchChangedEventSchema,
  OUTBOX_TOPICS,
  outboxEventSchemas,
  outboxSourceKey,
  torrentModeratedEventSchema,
  torrentSearchChangedEventSchema,
  type CommentPostedEvent,
  type ConversationChangedEvent,
  type ForumSearchChangedEvent,
  type OutboxPayload,
  type OutboxTopic,
  type TorrentModeratedEvent,
  type TorrentSearchChangedEvent,
} from './outbox-events';
export {
  BALANCE_EVENT,
  BALANCES_CHANGED_EVENT,
  isBalancesChanged,
  isBalanceUpdate,
  memberIdsInRooms,
  publishBalancesChanged,
  pushBalance,
  type BalancesChanged,
  type BalanceUpdate,
} from './balance-events';
export { isUnreadConversations, MESSAGES_UNREAD_EVENT, pushUnreadConversations, type UnreadConversations } from './message-events';
