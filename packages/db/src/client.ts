// Builds Prisma clients over node-postgres (Prisma 7 needs a driver adapter). One
// factory for every role so pool size and default omissions are the same everywhere.
// The pg pool is ours, not the adapter's, so hot read paths can share it for queries
// Prisma would need several round trips for (see tenant-query.ts).
import { PrismaPg } from '@prisma/adapter-pg';
import type { ITXClientDenyList } from '@prisma/client/runtime/client';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export interface CreateClientOptions {
  /** Pool size; keep it small, every process and role has its own pool. Default 10. */
  poolMax?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
  /**
   * Seconds an idle connection stays open before the pool closes it (0: never). Default
   * 10, node-postgres's own; the site keeps its connections for minutes (site-server.mjs).
   */
  idleSeconds?: number;
}

/**
 * Columns left out of every query unless selected: the .torrent bytes are only needed
 * to serve a download, and list pages would otherwise drag them along.
 */
export const defaultOmit = {
  torrent: { torrentFile: true },
} as const;

const pools = new WeakMap<object, pg.Pool>();

/** How long a transaction waits for a pool connection before it fails (Prisma's default is 2 s). */
export const CONNECTION_WAIT_MS = 10_000;

/** How long an idle pool connection stays open unless DATABASE_POOL_IDLE_SECONDS says otherwise. */
export const DEFAULT_IDLE_SECONDS = 10;

export function createPrismaClient(url: string, options: CreateClientOptions = {}) {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    // pg-pool reads 0 as "never close an idle connection".
    idleTimeoutMillis: (options.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000,
    application_name: options.applicationName ?? 'swarmhost',
  });
  // $disconnect ends the pool with the client.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  // The empty extension is for the types: Prisma's base class types interactive
  // transaction clients without the global omit, extended clients keep it.
  // Every query of forTenant is a short transaction, so under a burst it queues for a pool
  // connection: wait for one (up to CONNECTION_WAIT_MS) rather than fail a request whose
  // main effect may already have committed (a gift, then its notification).
  const client = new PrismaClient({
    adapter,
    omit: defaultOmit,
    transactionOptions: { maxWait: CONNECTION_WAIT_MS },
  }).$extends({ name: 'swarmhost' });
  pools.set(client, pool);
  return client;
}

export type DbClient = ReturnType<typeof createPrismaClient>;

/** The node-postgres pool under a client made by createPrismaClient. */
export function poolOf(client: DbClient): pg.Pool {
  const pool = pools.get(client);
  if (!pool) throw new Error('poolOf: the client was not made by createPrismaClient');
  return pool;
}

/** An interactive-transaction client of a DbClient (what $transaction callbacks get). */
export type DbTransaction = Omit<DbClient, ITXClientDenyList>;
