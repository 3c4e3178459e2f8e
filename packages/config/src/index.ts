export { ConfigError, parseEnv, rawEnv, type Environment } from './env';
export { booleanFlag, databaseShape, logShape, port, publicUrlShape, redisShape } from './schemas';
export { APP_ROLE, SYSTEM_ROLE, databaseUrls, withRole, type DatabaseUrls } from './database-urls';
export { trackerShape, loadTrackerConfig, type TrackerConfig } from './tracker';
export { devOutboxEnabled, webShape, loadWebConfig, type WebConfig } from './web';
export {
  DEVELOPMENT_REALTIME_SECRET,
  loadRealtimeConfig,
  loadRealtimeTokenConfig,
  MAX_REALTIME_TOKEN_TTL_SECONDS,
  realtimeShape,
  realtimeTokenShape,
  type RealtimeConfig,
  type RealtimeTokenConfig,
} from './realtime';
export { loadWorkerConfig, workerShape, type WorkerConfig } from './worker';
export { checkSearchConfig, searchShape, type SearchConfig } from './search';
export { TrustedProxies } from './trusted-proxies';
