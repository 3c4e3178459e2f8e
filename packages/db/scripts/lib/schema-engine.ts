// Loads Prisma's schema engine (WASM build from npm) to compute DDL diffs between two
// Prisma schemas offline; the native engine binary cannot be downloaded here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as EngineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';

type EngineModule = typeof EngineGlue;
type SchemaEngine = Awaited<ReturnType<EngineModule['SchemaEngine']['new']>>;

export interface SchemaFile {
  path: string;
  content: string;
}

const require = createRequire(import.meta.url);
// The WebAssembly global, typed for the one call made here (the DOM lib is not loaded).
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: Record<string, unknown>,
      ): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;
let lastPanic: string | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = (await import(pathToFileURL(gluePath).href)) as EngineModule;
  const bytes = await readFile(gluePath.replace(/\.js$/, '.wasm'));
  // wasm-bindgen glue: the module's exports are the WASM imports, then it gets the instance.
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (message: string) => {
      lastPanic = message;
    },
  };
  const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/**
 * Opens an engine. It insists on a live connection at start-up even for a pure
 * schema-to-schema diff, so it gets one to the server's `postgres` database.
 */
export async function openSchemaEngine(
  serverUrl: string,
): Promise<{ engine: SchemaEngine; version: string }> {
  const glue = await loadEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({ connectionString: serverUrl, max: 1 }),
  );
  try {
    const engine = await glue.SchemaEngine.new({ datamodels: undefined }, () => undefined, adapter);
    return { engine, version: glue.version() };
  } catch (error) {
    throw new Error(`Schema engine failed to start: ${lastPanic ?? (error as Error).message}`, {
      cause: error,
    });
  }
}

/** The SQL that turns the database of schema `from` (or an empty one) into schema `to`. */
export async function diffSchemas(
  engine: SchemaEngine,
  from: SchemaFile | undefined,
  to: SchemaFile,
): Promise<string> {
  const result = await engine.diff({
    from: from ? { tag: 'schemaDatamodel', files: [from] } : { tag: 'empty' },
    to: { tag: 'schemaDatamodel', files: [to] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return result.stdout ?? '';
}
