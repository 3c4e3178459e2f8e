// Generates the Prisma client into src/generated (not committed) when the schema or
// the Prisma version changed since the last run; `typecheck`, `test`, `build`,
// `migrate` and `seed` call it first, so a fresh clone needs no extra step.
//   tsx scripts/generate.ts [--force]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = path.join(packageDir, 'prisma/schema.prisma');
const outputDir = path.join(packageDir, 'src/generated/prisma');
const stampPath = path.join(packageDir, 'src/generated/.stamp');

const require = createRequire(import.meta.url);
const prismaPackage = require.resolve('prisma/package.json');
const prismaCli = path.join(path.dirname(prismaPackage), 'build/index.js');
const prismaVersion = (JSON.parse(readFileSync(prismaPackage, 'utf8')) as { version: string }).version;

const stamp = createHash('sha256')
  .update(prismaVersion)
  .update('\0')
  .update(readFileSync(schemaPath))
  .digest('hex');

const force = process.argv.includes('--force');
const upToDate =
  !force &&
  existsSync(path.join(outputDir, 'client.ts')) &&
  existsSync(stampPath) &&
  readFileSync(stampPath, 'utf8').trim() === stamp;

if (upToDate) {
  console.log('Prisma client is up to date.');
} else {
  const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath], {
    cwd: packageDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      // The CLI insists on a schema-engine binary it would download; generate itself
      // runs on WASM, so any existing file satisfies the check offline.
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  if (result.status !== 0) {
    console.error('prisma generate failed.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampPath, `${stamp}\n`);
}
