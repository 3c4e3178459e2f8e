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
};

export interface DatabaseEnv {
  urls: DatabaseUrls;
  poolMax: number;
}

export function loadDatabaseEnv(source?: Environment): DatabaseEnv {
  const env = parseEnv({ ...databaseShape, ...poolShape }, source);
  return { urls: databaseUrls(env), poolMax: env.DATABASE_POOL_MAX };
}
