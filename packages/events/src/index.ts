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
  SWARM_UPDATE_EVENT,
  TENANT_STATS_EVENT,
  type SwarmUpdate,
  type TenantAnnounceStats,
} from './tracker-events';
