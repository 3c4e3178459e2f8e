// The real-time gateway's settings (apps/realtime) and the slice the web app needs to
// sign socket tokens: both sides must share REALTIME_TOKEN_SECRET.
import { z } from 'zod';
import { ConfigError, parseEnv, type Environment } from './env';
import { databaseShape, logShape, port, redisShape } from './schemas';

/** Only for a development machine; refused when NODE_ENV=production. */
export const DEVELOPMENT_REALTIME_SECRET = 'development-only-realtime-token-secret-change-me';
/** The longest a socket token may live; the gateways remember revocations at least this long. */
export const MAX_REALTIME_TOKEN_TTL_SECONDS = 3600;

const csv = z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));
const positiveInt = (what: string) => z.coerce.number().int(`must be a whole number of ${what}`).min(1, `must be at least 1 ${what}`);

export const realtimeTokenShape = {
  ...logShape,
  /** HMAC-SHA256 key of the short-lived socket tokens; at least 32 characters. */
  REALTIME_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_REALTIME_SECRET),
  /** Seconds a socket token stays valid after the web app signs it. */
  REALTIME_TOKEN_TTL_SECONDS: positiveInt('seconds').max(MAX_REALTIME_TOKEN_TTL_SECONDS, `must be at most ${MAX_REALTIME_TOKEN_TTL_SECONDS} seconds`).default(300),
  /** Where browsers reach the gateway (through the load balancer in production). */
  REALTIME_PUBLIC_URL: z.url({ message: 'must be an absolute URL' }).default('http://localhost:3200'),
};

export const realtimeShape = {
  ...databaseShape,
  ...redisShape,
  ...realtimeTokenShape,
  REALTIME_HOST: z.string().min(1).default('0.0.0.0'),
  REALTIME_PORT: port.default(3200),
  /** Allowed browser origins (comma-separated); empty allows any (tokens, not cookies, authenticate). */
  REALTIME_CORS_ORIGINS: csv.default([]),
  /** Socket.io adapter/emitter key; must equal the tracker's and worker's emitter key. */
  REALTIME_ADAPTER_KEY: z.string().min(1).default('socket.io'),
  /** Prefix of the gateway's own Redis keys (chat buckets, mutes, dashboard history). */
  REALTIME_KEY_PREFIX: z.string().min(1).default('swarmhost:rt:'),
  /** Torrent rooms one socket may follow at once (a browse page subscribes its rows). */
  REALTIME_MAX_SUBSCRIPTIONS: positiveInt('rooms').default(200),
  /** Chat token bucket per member: burst size and tokens regained per minute. */
  REALTIME_CHAT_BURST: positiveInt('messages').default(5),
  REALTIME_CHAT_PER_MINUTE: positiveInt('messages').default(20),
  /** Tracker /metrics URL read for the flush-lag figure; dashboards show no lag when unset. */
  REALTIME_TRACKER_METRICS_URL: z.url({ message: 'must be an absolute URL' }).optional(),
};

export type RealtimeTokenConfig = z.infer<z.ZodObject<typeof realtimeTokenShape>>;
export type RealtimeConfig = z.infer<z.ZodObject<typeof realtimeShape>>;

function refuseDevelopmentSecret(config: RealtimeTokenConfig): void {
  if (config.NODE_ENV === 'production' && config.REALTIME_TOKEN_SECRET === DEVELOPMENT_REALTIME_SECRET) {
    throw new ConfigError('Invalid environment:\n  REALTIME_TOKEN_SECRET: must be set in production (unset)');
  }
}

/** For the web app: what it needs to sign tokens and tell browsers where to connect. */
export function loadRealtimeTokenConfig(source?: Environment): RealtimeTokenConfig {
  const config = parseEnv(realtimeTokenShape, source);
  refuseDevelopmentSecret(config);
  return config;
}

export function loadRealtimeConfig(source?: Environment): RealtimeConfig {
  const config = parseEnv(realtimeShape, source);
  refuseDevelopmentSecret(config);
  return config;
}
