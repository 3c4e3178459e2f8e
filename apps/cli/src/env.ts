// The CLI's environment: database, Redis (to tell tracker workers about changes) and
// the public tracker URL printed in announce URLs.
import { databaseShape, parseEnv, publicUrlShape, redisShape } from '@swarmhost/config';

export function loadCliEnv() {
  return parseEnv({ ...databaseShape, ...redisShape, ...publicUrlShape });
}

export type CliEnv = ReturnType<typeof loadCliEnv>;
