// Zod fragments for the variables the apps share; defaults fit a local machine of
// this project (PostgreSQL and Redis on their standard loopback ports).
import { z } from 'zod';

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL');

const redisUrl = z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL');

export const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    message: 'must be one of 1/0/true/false/yes/no/on/off',
  })
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

export const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be 0-65535')
  .max(65535, 'must be 0-65535');

export const databaseShape = {
  /** Owner connection: migrations, seed and role set-up. */
  DATABASE_URL: postgresUrl.default('postgresql://postgres@127.0.0.1:5432/swarmhost'),
  /** Application role (not the tables' owner, so row-level security applies). */
  DATABASE_APP_URL: postgresUrl.optional(),
  /** System role (BYPASSRLS, not owner) for cross-tenant jobs and the tracker flusher. */
  DATABASE_SYSTEM_URL: postgresUrl.optional(),
  /** Password given to the application and system roles when the migration creates them. */
  APP_DB_PASSWORD: z.string().min(1).optional(),
};

export const redisShape = {
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
};

export const publicUrlShape = {
  /** Base domain of tenant sites: <slug>.<BASE_DOMAIN>. */
  BASE_DOMAIN: z.string().min(1).default('localhost:3000'),
  /** Announce base that members' clients use, without the passkey path. */
  PUBLIC_TRACKER_URL: z.url({ message: 'must be an absolute URL' }).default('http://127.0.0.1:6969'),
};

export const logShape = {
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
};
