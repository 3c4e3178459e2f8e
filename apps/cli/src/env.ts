// The CLI's environment: database, Redis (to tell tracker workers about changes),
// the public tracker URL printed in announce URLs, and the search engine (search:reindex).
import { checkSearchConfig, databaseShape, parseEnv, publicUrlShape, redisShape, searchShape } from '@swarmhost/config';

export function loadCliEnv() {
  return parseEnv({ ...databaseShape, ...redisShape, ...publicUrlShape });
}

/** Read only by search:reindex, so a bad search variable stops that command and no other. */
export function loadCliSearchEnv() {
  return checkSearchConfig(parseEnv(searchShape));
}

export type CliEnv = ReturnType<typeof loadCliEnv>;
