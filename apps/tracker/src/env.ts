// The tracker's environment: the shared TRACKER_* settings from @swarmhost/config plus
// its own (UDP connection-id secret), checked here at boot.
import { databaseUrls, loadTrackerConfig, rawEnv, ConfigError, type TrackerConfig } from '@swarmhost/config';
import { TrustedProxies } from './http/client-address';

export interface TrackerEnv extends TrackerConfig {
  /** Hex secret (≥ 16 bytes) for BEP 15 connection ids; random per pool start when unset. */
  readonly TRACKER_UDP_SECRET: string | undefined;
  readonly systemDatabaseUrl: string;
}

export function loadTrackerEnv(): TrackerEnv {
  const config = loadTrackerConfig();
  try {
    new TrustedProxies(config.TRACKER_TRUSTED_PROXIES);
  } catch (error) {
    throw new ConfigError(`Invalid environment:\n  TRACKER_TRUSTED_PROXIES: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (config.TRACKER_METRICS_PORT !== 0 && config.TRACKER_METRICS_PORT === config.TRACKER_PORT) {
    throw new ConfigError(`Invalid environment:\n  TRACKER_METRICS_PORT: must differ from TRACKER_PORT (${config.TRACKER_PORT}): /metrics is never served on the public port`);
  }
  // The Redis swarm store is gone (issue 10): a deployment still asking for it must not
  // start believing it got it.
  const store = rawEnv('TRACKER_STORE');
  if (store !== undefined && store !== 'memory') {
    throw new ConfigError(`Invalid environment:\n  TRACKER_STORE: the Redis swarm store was removed; swarms always live in the pool's memory — unset TRACKER_STORE (got ${JSON.stringify(store)})`);
  }
  const secret = rawEnv('TRACKER_UDP_SECRET');
  if (secret !== undefined && !/^([0-9a-f]{2}){16,}$/i.test(secret)) {
    throw new ConfigError('Invalid environment:\n  TRACKER_UDP_SECRET: must be at least 32 hex characters (got a shorter or non-hex value)');
  }
  return {
    ...config,
    TRACKER_UDP_SECRET: secret,
    systemDatabaseUrl: databaseUrls(config).system,
  };
}
