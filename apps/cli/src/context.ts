// Lazily opened connections shared by the commands of one CLI run: the system
// database client (operators act across tenants) and a Redis publisher for tracker
// cache invalidation. `closeContext` ends both so the process exits.
import type { Publisher } from '@swarmhost/events';
import { Redis } from 'ioredis';
import { disconnectAll, type DbClient } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { loadCliEnv, loadCliSearchEnv, type CliEnv } from './env';

let env: CliEnv | undefined;
let redis: Redis | undefined;

export function cliEnv(): CliEnv {
  env ??= loadCliEnv();
  return env;
}

/** The search engine's settings (SEARCH_BACKEND, MEILISEARCH_*), read when a command needs them. */
export function cliSearchSettings(): ReturnType<typeof loadCliSearchEnv> {
  return loadCliSearchEnv();
}

export function db(): DbClient {
  return systemClient();
}

/**
 * Publishes invalidations; if Redis cannot be reached the change is still saved, and a
 * warning says the tracker will pick it up only when its caches next refresh.
 */
export function publisher(): Publisher {
  return {
    publish: async (channel, message) => {
      redis ??= new Redis(cliEnv().REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
      try {
        return await redis.publish(channel, message);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        process.stderr.write(
          `warning: saved, but could not notify tracker workers through Redis (${reason}); they see the change when their caches refresh\n`,
        );
        return 0;
      }
    },
  };
}

export async function closeContext(): Promise<void> {
  redis?.disconnect();
  redis = undefined;
  await disconnectAll();
}
