// The tracker's environment: the shared TRACKER_* settings from @swarmhost/config plus
// its own (swarm store, store key prefix, UDP connection-id secret), checked here at boot.
import { databaseUrls, loadTrackerConfig, rawEnv, ConfigError, type TrackerConfig } from '@swarmhost/config';
import { TrustedProxies } from './http/client-address';

/** Where swarms live: Redis (shared by the workers) or the one worker's own memory. */
export type TrackerStoreKind = 'redis' | 'memory';

export interface TrackerEnv extends TrackerConfig {
  /**
   * `redis` (default): RedisStore, one Lua script per announce, flushed by the primary.
   * `memory`: MemoryStore in the workers' memory, each swarm owned by one worker (the
   * others forward to it), no Redis command per announce, each worker flushing its own.
   */
  readonly TRACKER_STORE: TrackerStoreKind;
  /** Redis key prefix of swarms and ledgers; braces are not allowed (hash tags). */
  readonly TRACKER_KEY_PREFIX: string;
  /** Hex secret (≥ 16 bytes) for BEP 15 connection ids; random per pool start when unset. */
  readonly TRACKER_UDP_SECRET: string | undefined;
  readonly systemDatabaseUrl: string;
}

export function loadTrackerEnv(): TrackerEnv {
  const config = loadTrackerConfig();
  const keyPrefix = rawEnv('TRACKER_KEY_PREFIX') ?? 'tracker:';
  if (keyPrefix.includes('{') || keyPrefix.includes('}')) {
    throw new ConfigError(`Invalid environment:\n  TRACKER_KEY_PREFIX: must not contain braces (got ${JSON.stringify(keyPrefix)})`);
  }
  try {
    new TrustedProxies(config.TRACKER_TRUSTED_PROXIES);
  } catch (error) {
    throw new ConfigError(`Invalid environment:\n  TRACKER_TRUSTED_PROXIES: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (config.TRACKER_METRICS_PORT !== 0 && config.TRACKER_METRICS_PORT === config.TRACKER_PORT) {
    throw new ConfigError(`Invalid environment:\n  TRACKER_METRICS_PORT: must differ from TRACKER_PORT (${config.TRACKER_PORT}): /metrics is never served on the public port`);
  }
  const store = rawEnv('TRACKER_STORE') ?? 'memory';
  if (store !== 'redis' && store !== 'memory') {
    throw new ConfigError(`Invalid environment:\n  TRACKER_STORE: must be "redis" or "memory" (got ${JSON.stringify(store)})`);
  }
  const secret = rawEnv('TRACKER_UDP_SECRET');
  if (secret !== undefined && !/^([0-9a-f]{2}){16,}$/i.test(secret)) {
    throw new ConfigError('Invalid environment:\n  TRACKER_UDP_SECRET: must be at least 32 hex characters (got a shorter or non-hex value)');
  }
  return {
    ...config,
    TRACKER_STORE: store,
    TRACKER_KEY_PREFIX: keyPrefix,
    TRACKER_UDP_SECRET: secret,
    systemDatabaseUrl: databaseUrls(config).system,
  };
}
