// Builds Prisma clients over node-postgres (Prisma 7 needs a driver adapter). One
// factory for every role so pool size and default omissions are the same everywhere.
import { PrismaPg } from '@prisma/adapter-pg';
import type { ITXClientDenyList } from '@prisma/client/runtime/client';
import { PrismaClient } from './generated/prisma/client';

export interface CreateClientOptions {
  /** Pool size; keep it small, every process and role has its own pool. Default 10. */
  poolMax?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
}

/**
 * Columns left out of every query unless selected: the .torrent bytes are only needed
 * to serve a download, and list pages would otherwise drag them along.
 */
export const defaultOmit = {
  torrent: { torrentFile: true },
} as const;

export function createPrismaClient(url: string, options: CreateClientOptions = {}) {
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'swarmhost',
  });
  // The empty extension is for the types: Prisma's base class types interactive
  // transaction clients without the global omit, extended clients keep it.
  return new PrismaClient({ adapter, omit: defaultOmit }).$extends({ name: 'swarmhost' });
}

export type DbClient = ReturnType<typeof createPrismaClient>;

/** An interactive-transaction client of a DbClient (what $transaction callbacks get). */
export type DbTransaction = Omit<DbClient, ITXClientDenyList>;
