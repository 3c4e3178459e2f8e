// One lazily created client per role and process, configured from the environment
// (or explicitly, for tests and tools), so every caller shares the same small pools.
import type { DatabaseUrls } from '@swarmhost/config';
import { createPrismaClient, type DbClient } from './client';
import { loadDatabaseEnv } from './env';

export type DbRole = 'app' | 'system';

interface Settings {
  urls: DatabaseUrls;
  poolMax: number;
  idleSeconds: number | undefined;
}

let overrides: { urls?: Partial<DatabaseUrls>; poolMax?: number } = {};
let settings: Settings | undefined;
const clients = new Map<DbRole, DbClient>();

function currentSettings(): Settings {
  if (!settings) {
    const fromEnv = loadDatabaseEnv();
    settings = {
      urls: { ...fromEnv.urls, ...overrides.urls },
      poolMax: overrides.poolMax ?? fromEnv.poolMax,
      idleSeconds: fromEnv.idleSeconds,
    };
  }
  return settings;
}

/**
 * Overrides the URLs or pool size the shared clients use instead of the environment.
 * Call before the first query; connections already open keep their settings.
 */
export function configureDatabase(options: {
  urls?: Partial<DatabaseUrls>;
  poolMax?: number;
}): void {
  overrides = {
    urls: { ...overrides.urls, ...options.urls },
    poolMax: options.poolMax ?? overrides.poolMax,
  };
  settings = undefined;
}

export function databaseSettings(): Readonly<Settings> {
  return currentSettings();
}

export function sharedClient(role: DbRole): DbClient {
  let client = clients.get(role);
  if (!client) {
    const { urls, poolMax, idleSeconds } = currentSettings();
    client = createPrismaClient(urls[role], { poolMax, idleSeconds, applicationName: `swarmhost-${role}` });
    clients.set(role, client);
  }
  return client;
}

/** Closes every shared pool (end of a script, test file or graceful shutdown). */
export async function disconnectAll(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  await Promise.all(open.map((client) => client.$disconnect()));
}
