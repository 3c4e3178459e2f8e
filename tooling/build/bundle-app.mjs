#!/usr/bin/env node
// Compiles one Node process of the platform (tracker, gateway, worker, CLI) to
// dist/*.js for production: the workspace packages (TypeScript sources) are bundled
// in; third-party packages stay external and load from node_modules, so native
// modules, Prisma's runtime and WASM work as they do under tsx. Every external import
// must be a dependency the app itself declares: otherwise `pnpm deploy --prod` would
// leave it out of the image, and the build stops naming it.
//   swarmhost-bundle [--outdir dir] src/main.ts [more entries…]   (run in the package's folder)
// Without --outdir, dist/ is emptied first and receives the bundles.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const WORKSPACE_SCOPE = '@swarmhost/';

/** "@scope/name/sub/path" → "@scope/name"; "name/sub" → "name". */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Keeps third-party packages out of the bundle and records which ones were imported. */
function externalPackages(imported) {
  const builtins = new Set(builtinModules);
  return {
    name: 'external-packages',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || builtins.has(packageNameOf(args.path))) {
          return { path: args.path, external: true };
        }
        if (args.path.startsWith(WORKSPACE_SCOPE)) return undefined;
        imported.set(packageNameOf(args.path), args.importer);
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundleApp({ appDir = process.cwd(), entries, outdir: chosenOutdir }) {
  const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys(manifest.dependencies ?? {}));
  const outdir = path.resolve(appDir, chosenOutdir ?? 'dist');
  if (!chosenOutdir) rmSync(outdir, { recursive: true, force: true });
  const imported = new Map();
  await build({
    absWorkingDir: appDir,
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20.19',
    format: 'esm',
    sourcemap: true,
    // Names stay readable in stack traces and logs.
    keepNames: true,
    logLevel: 'warning',
    plugins: [externalPackages(imported)],
  });
  const undeclared = [...imported].filter(([name]) => !declared.has(name));
  if (undeclared.length > 0) {
    const lines = undeclared.map(([name, importer]) => `  ${name} (imported by ${path.relative(appDir, importer)})`);
    throw new Error(
      `${manifest.name} imports packages it does not declare in "dependencies"; add them ` +
        `(pnpm --filter ${manifest.name} add <name>) so the production install has them:\n${lines.join('\n')}`,
    );
  }
  for (const entry of entries) stripTsxHashbang(path.join(outdir, `${path.basename(entry, '.ts')}.js`));
  return { externals: [...imported.keys()].sort() };
}

/** A source entry may start with `#!/usr/bin/env -S node --import tsx`; the compiled one runs on plain node. */
function stripTsxHashbang(file) {
  const code = readFileSync(file, 'utf8');
  if (code.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node${code.slice(code.indexOf('\n'))}`);
}

const args = process.argv.slice(2);
const outdirAt = args.indexOf('--outdir');
const outdir = outdirAt === -1 ? undefined : args.splice(outdirAt, 2)[1];
const entries = args;
if (entries.length === 0 || (outdirAt !== -1 && !outdir)) {
  process.stderr.write('usage: swarmhost-bundle [--outdir dir] src/main.ts [more entries…]\n');
  process.exit(2);
}
bundleApp({ entries, outdir }).then(
  ({ externals }) => process.stdout.write(`${outdir ?? 'dist'}/ written (external packages: ${externals.join(', ') || 'none'})\n`),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
