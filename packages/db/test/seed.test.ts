// The seed script runs against the run's database twice and changes nothing the
// second time.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { systemClient } from '../src/system';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function runSeed(): string {
  const urls = inject('databaseUrls');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], {
    cwd: packageDir,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: urls.owner,
      DATABASE_APP_URL: urls.app,
      DATABASE_SYSTEM_URL: urls.system,
      NODE_ENV: 'development',
    },
  });
  if (result.status !== 0) throw new Error(`seed failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

async function counts() {
  const db = systemClient();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const where = { tenantId: tenant.id };
  return {
    members: await db.member.count({ where }),
    categories: await db.category.count({ where }),
    torrents: await db.torrent.count({ where: { ...where, status: 'approved' } }),
    torrentTags: await db.torrentTag.count({ where }),
    operators: await db.operator.count({ where: { email: 'operator@swarmhost.local' } }),
  };
}

describe('seed', () => {
  it('creates the demo community once and prints the logins', async () => {
    const output = runSeed();
    expect(output).toMatch(/operator@swarmhost\.local \/ \S+/);
    expect(output).toMatch(/alice +member +passkey [0-9a-f]{32}/);
    const first = await counts();
    expect(first).toEqual({ members: 5, categories: 6, torrents: 4, torrentTags: 7, operators: 1 });
    runSeed();
    expect(await counts()).toEqual(first);
  }, 30_000);
});
