// Generates the Prisma client into src/generated (not committed) when the schema or
// the Prisma version changed since the last run; `pnpm install` (postinstall),
// `typecheck`, `test`, `build`, `migrate` and `seed` call it first, so a fresh clone
// needs no extra step.
//   tsx scripts/generate.ts [--force]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
const prismaVersion = (JSON.parse(readFileSync(prismaPackage, 'utf8')) as { version: string })
  .version;

const stamp = createHash('sha256')
  .update(prismaVersion)
  .update('\0')
  .update(readFileSync(schemaPath))
  .digest('hex');

const lockDir = path.join(packageDir, 'src/generated/.lock');

/** mkdir is atomic: parallel scripts (turbo runs several) wait for one generator. */
function acquireLock(): void {
  mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch {
      const stale = existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > 120_000;
      if (stale) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${lockDir}; remove it if no generate is running.`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

const force = process.argv.includes('--force');
const isUpToDate = () =>
  !force &&
  existsSync(path.join(outputDir, 'client.ts')) &&
  existsSync(stampPath) &&
  readFileSync(stampPath, 'utf8').trim() === stamp;

acquireLock();
try {
  generateUnlessUpToDate();
} finally {
  rmSync(lockDir, { recursive: true, force: true });
}

function generateUnlessUpToDate(): void {
  if (isUpToDate()) {
    console.log('Prisma client is up to date.');
    return;
  }
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
  if (result.status !== 0) throw new Error('prisma generate failed.');
  writeFileSync(stampPath, `${stamp}\n`);
}
