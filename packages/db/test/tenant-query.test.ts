// queryInTenant: one tenant's rows in one round trip, and nothing of that tenant left on
// the pooled connection afterwards (the setting is transaction-local to the pipeline).
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { poolOf } from '../src/client';
import { createPrismaClient, Prisma, queryInTenant, TenantScopeError } from '../src/index';
import { makeTenant } from './helpers';

let a: Awaited<ReturnType<typeof makeTenant>>;
let b: Awaited<ReturnType<typeof makeTenant>>;

beforeAll(async () => {
  a = await makeTenant('qa');
  b = await makeTenant('qb');
});

const bothTorrents = () => Prisma.sql`SELECT id::text AS id, tenant_id::text AS tenant, size FROM torrents WHERE id IN (${a.torrent.id}::uuid, ${b.torrent.id}::uuid)`;

/** A client with one connection, so every query below runs on the same backend. */
async function withSingleConnection(work: (client: ReturnType<typeof createPrismaClient>) => Promise<void>) {
  const client = createPrismaClient(inject('databaseUrls').app, { poolMax: 1 });
  try {
    await work(client);
  } finally {
    await client.$disconnect();
  }
}

describe('queryInTenant', () => {
  it('reads only its tenant’s rows', async () => {
    const rows = await queryInTenant<{ id: string; tenant: string; size: string }>(a.tenant.id, bothTorrents());
    expect(rows).toEqual([{ id: a.torrent.id, tenant: a.tenant.id, size: '1024' }]);
    const other = await queryInTenant<{ id: string }>(b.tenant.id, bothTorrents());
    expect(other.map((row) => row.id)).toEqual([b.torrent.id]);
  });

  it('leaves no tenant on the pooled connection', async () => {
    await withSingleConnection(async (client) => {
      const pool = poolOf(client);
      const [backend] = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
      expect(await queryInTenant(a.tenant.id, bothTorrents(), { client })).toHaveLength(1);
      const after = await pool.query<{ pid: number; tenant: string | null; torrents: string }>(
        `SELECT pg_backend_pid() AS pid, current_setting('app.tenant_id', true) AS tenant, (SELECT count(*) FROM torrents) AS torrents`,
      );
      expect(after.rows[0]).toEqual({ pid: backend?.pid, tenant: '', torrents: '0' });
      // The same connection, through Prisma outside a tenant scope: nothing either.
      expect(await client.torrent.count()).toBe(0);
      // And the next tenant sees its own row only.
      expect((await queryInTenant<{ id: string }>(b.tenant.id, bothTorrents(), { client })).map((row) => row.id)).toEqual([b.torrent.id]);
    });
  });

  it('keeps concurrent requests of two tenants apart on a shared pool', async () => {
    await withSingleConnection(async (client) => {
      const runs = Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? a : b)).map(async (tenant) => {
        const rows = await queryInTenant<{ tenant: string }>(tenant.tenant.id, bothTorrents(), { client });
        return rows.map((row) => row.tenant).join() === tenant.tenant.id;
      });
      expect(await Promise.all(runs)).toEqual(Array.from({ length: 40 }, () => true));
    });
  });

  it('makes extra settings local to the query', async () => {
    await withSingleConnection(async (client) => {
      const rows = await queryInTenant<{ threshold: string }>(a.tenant.id, Prisma.sql`SELECT current_setting('pg_trgm.word_similarity_threshold') AS threshold`, {
        client,
        settings: { 'pg_trgm.word_similarity_threshold': '0.45' },
      });
      expect(rows).toEqual([{ threshold: '0.45' }]);
      const after = await poolOf(client).query<{ threshold: string }>(`SELECT current_setting('pg_trgm.word_similarity_threshold') AS threshold`);
      expect(after.rows[0]?.threshold).not.toBe('0.45');
    });
  });

  it('fails a bad query cleanly and the connection stays usable and empty', async () => {
    await withSingleConnection(async (client) => {
      await expect(queryInTenant(a.tenant.id, Prisma.sql`SELECT 1 / ${0}::int AS boom`, { client })).rejects.toThrow(/division by zero/);
      const after = await poolOf(client).query<{ tenant: string | null; status: string }>(
        `SELECT current_setting('app.tenant_id', true) AS tenant, (SELECT count(*) FROM torrents)::text AS status`,
      );
      expect(after.rows[0]).toEqual({ tenant: '', status: '0' });
      expect(await queryInTenant(a.tenant.id, bothTorrents(), { client })).toHaveLength(1);
    });
  });

  it('keeps a prepared statement per connection without keeping the tenant', async () => {
    await withSingleConnection(async (client) => {
      const both = bothTorrents();
      for (const tenant of [a, b, a, b, a, b, a, b]) {
        const rows = await queryInTenant<{ tenant: string }>(tenant.tenant.id, both, { client, prepare: true });
        expect(rows.map((row) => row.tenant)).toEqual([tenant.tenant.id]);
      }
      const prepared = await poolOf(client).query<{ count: string }>(`SELECT count(*) AS count FROM pg_prepared_statements WHERE starts_with(name, 'sh_')`);
      expect(prepared.rows[0]?.count).toBe('1');
      const after = await poolOf(client).query<{ torrents: string }>(`SELECT (SELECT count(*) FROM torrents) AS torrents`);
      expect(after.rows[0]?.torrents).toBe('0');
    });
  });

  it('retires the connection when a prepared statement fails', async () => {
    await withSingleConnection(async (client) => {
      const pool = poolOf(client);
      const before = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      await expect(queryInTenant(a.tenant.id, Prisma.sql`SELECT no_such_column FROM torrents`, { client, prepare: true })).rejects.toThrow(/no_such_column/);
      const after = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      expect(after).not.toBe(before);
      expect(await queryInTenant(a.tenant.id, bothTorrents(), { client, prepare: true })).toHaveLength(1);
    });
  });

  it('cannot write another tenant’s rows', async () => {
    const rows = await queryInTenant<{ id: string }>(a.tenant.id, Prisma.sql`UPDATE torrents SET name = 'hijacked' WHERE id = ${b.torrent.id}::uuid RETURNING id::text AS id`);
    expect(rows).toEqual([]);
  });

  it('refuses a tenant id that is not a UUID', async () => {
    await expect(queryInTenant("x' OR true --", bothTorrents())).rejects.toBeInstanceOf(TenantScopeError);
  });
});
