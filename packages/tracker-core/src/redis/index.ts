// @swarmhost/tracker-core/redis: the Redis-backed SwarmStore and its key layout, kept
// apart from the main entry so MemoryStore users never load ioredis.
export { RedisStore } from './redis-store.js';
export type { RedisStoreOptions } from './redis-store.js';
export type { RedisClient } from './lua-script.js';
export {
  batchLedgerKey,
  batchSwarmsKey,
  DEFAULT_KEY_PREFIX,
  drainKeys,
  swarmIndexKey,
  swarmKeys,
} from './keys.js';
export type { DrainKeys, SwarmKeys } from './keys.js';
export { clusterKeySlot, hashTagOf } from './cluster-slot.js';
export { decodePeerRecord } from './peer-record.js';
export type { PeerRecordState } from './peer-record.js';
