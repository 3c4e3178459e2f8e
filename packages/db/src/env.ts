// The database slice of the environment, read through @swarmhost/config so a bad URL
// fails with a message naming the variable.
import {
  databaseShape,
  databaseUrls,
  parseEnv,
  type DatabaseUrls,
  type Environment,
} from '@swarmhost/config';
import { z } from 'zod';

const poolShape = {
  /** Connections per pool (app and system role each get one pool per process). */
  DATABASE_POOL_MAX: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(10),
  /**
   * Seconds an idle pool connection stays open (0: never closed). Opening one costs
   * PostgreSQL a backend and its first queries a cold catalog; a process whose traffic
   * comes in bursts (the site) keeps them. Unset: 10, or what the process sets (the
   * site's server: 300).
   */
  DATABASE_POOL_IDLE_SECONDS: z.coerce
    .number({ message: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 (never close) or more')
    .max(86_400, 'must be at most 86400 (a day)')
    .optional(),
};

export interface DatabaseEnv {
  urls: DatabaseUrls;
  poolMax: number;
  idleSeconds: number | undefined;
}

export function loadDatabaseEnv(source?: Environment): DatabaseEnv {
  const env = parseEnv({ ...databaseShape, ...poolShape }, source);
  return { urls: databaseUrls(env), poolMax: env.DATABASE_POOL_MAX, idleSeconds: env.DATABASE_POOL_IDLE_SECONDS };
}
