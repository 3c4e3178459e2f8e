// search:reindex as an operator runs it: PostgreSQL search needs nothing, a missing or
// bad search variable is named, an unreachable Meilisearch is said plainly (exit 2).
// No Meilisearch server exists on this machine: the reindex itself is covered by
// packages/search's contract suite wherever MEILISEARCH_URL is set.
import { afterEach, describe, expect, it } from 'vitest';
import { cli, cliJson, uniqueSlug } from './helpers';

const searchVariables = ['SEARCH_BACKEND', 'MEILISEARCH_URL', 'MEILISEARCH_KEY'] as const;
const saved = Object.fromEntries(searchVariables.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of searchVariables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('search:reindex', () => {
  it('has nothing to do with PostgreSQL search', async () => {
    const slug = uniqueSlug('reindex');
    await cliJson('tenant:create', '--slug', slug, '--name', 'Reindex');
    delete process.env.SEARCH_BACKEND;
    expect(await cliJson('search:reindex', '--tenant', slug)).toMatchObject({ ok: true, tenant: slug, backend: 'postgres', indexed: 0 });
    expect((await cli('search:reindex', '--tenant', slug)).stdout).toMatch(/nothing to reindex/);
  });

  it('names the tenant flag, an unknown tenant and a missing or bad search variable', async () => {
    const slug = uniqueSlug('reindex');
    await cliJson('tenant:create', '--slug', slug, '--name', 'Reindex');
    expect(await cli('search:reindex')).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/--tenant: is required/) });
    expect(await cli('search:reindex', '--tenant', 'no-such-tenant')).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/no tenant with slug "no-such-tenant"/) });
    process.env.SEARCH_BACKEND = 'meilisearch';
    delete process.env.MEILISEARCH_URL;
    expect(await cli('search:reindex', '--tenant', slug)).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/MEILISEARCH_URL: must be set when SEARCH_BACKEND=meilisearch/) });
    process.env.SEARCH_BACKEND = 'elastic';
    expect(await cli('search:reindex', '--tenant', slug)).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/SEARCH_BACKEND: must be "postgres" or "meilisearch"/) });
  });

  it('says that Meilisearch cannot be reached, and where it was looked for', async () => {
    const slug = uniqueSlug('reindex');
    await cliJson('tenant:create', '--slug', slug, '--name', 'Reindex');
    process.env.SEARCH_BACKEND = 'meilisearch';
    // Port 9 (discard) has no listener here: the connection is refused at once.
    process.env.MEILISEARCH_URL = 'http://127.0.0.1:9';
    const result = await cli('search:reindex', '--tenant', slug, '--json');
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(new RegExp(`reindex of ${slug} stopped: .*check that Meilisearch runs at MEILISEARCH_URL \\(http://127.0.0.1:9\\)`)) },
    });
  });
});
