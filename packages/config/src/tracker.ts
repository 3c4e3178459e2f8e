// The tracker pool's settings.
import { z } from 'zod';
import { parseEnv, type Environment } from './env';
import { booleanFlag, databaseShape, logShape, port, publicUrlShape, redisShape } from './schemas';

const csv = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

export const trackerShape = {
  ...databaseShape,
  ...redisShape,
  ...logShape,
  ...publicUrlShape,
  /** "::" is dual-stack (IPv6 and IPv4-mapped), so dual-stack clients are heard on both families. */
  TRACKER_HOST: z.string().min(1).default('::'),
  TRACKER_PORT: port.default(6969),
  TRACKER_UDP_ENABLED: booleanFlag.default(true),
  TRACKER_UDP_PORT: port.default(6969),
  /** Worker processes; 0 means one per core. */
  TRACKER_WORKERS: z.coerce.number().int().min(0, 'must be 0 or more').default(0),
  /** Proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For is read right to left. */
  TRACKER_TRUSTED_PROXIES: csv.default([]),
  /** Seconds between ledger flushes into PostgreSQL. */
  FLUSH_INTERVAL: z.coerce.number().positive('must be a positive number of seconds').default(3),
  /** Hours applied ledger batch ids are kept (against a re-delivered batch) before pruning. */
  TRACKER_LEDGER_BATCH_RETENTION_HOURS: z.coerce.number().positive('must be a positive number of hours').default(168),
  /** PostgreSQL lookups a second (pool-wide) one client address may cause with unknown passkeys or torrents. */
  TRACKER_CACHE_MISSES_PER_ADDRESS: z.coerce.number().positive('must be a positive number per second').default(10),
  /** /metrics is served only here, never on the public announce port (loopback by default). */
  TRACKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Port of /metrics (and /healthz); 0 picks a free port per worker (tests). */
  TRACKER_METRICS_PORT: port.default(6970),
  /** Where live swarm figures and dashboard stats go: the gateways' REALTIME_ADAPTER_KEY. */
  REALTIME_ADAPTER_KEY: z.string().min(1).default('socket.io'),
};

export type TrackerConfig = z.infer<z.ZodObject<typeof trackerShape>>;

export function loadTrackerConfig(source?: Environment): TrackerConfig {
  return parseEnv(trackerShape, source);
}
