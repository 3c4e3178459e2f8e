// Reads Terraform configurations without the terraform binary: every .tf file of a
// folder parsed to JSON by @cdktf/hcl2json (HashiCorp's HCL parser compiled to WASM),
// merged into one module, plus the references each expression makes. Enough for the
// checks `terraform validate` would do on names (variables, locals, module inputs and
// outputs, resources), not for provider schemas.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';

type Json = unknown;
export type Block = Record<string, Json>;

export interface TerraformModule {
  dir: string;
  files: string[];
  variables: Map<string, Block>;
  outputs: Map<string, Block>;
  locals: Map<string, Json>;
  /** "aws_vpc.this" → its body. */
  resources: Map<string, Block>;
  /** "aws_region.current" → its body. */
  dataSources: Map<string, Block>;
  moduleCalls: Map<string, Block>;
  providers: Map<string, Block>;
}

/** hcl2json gives every block as a list of bodies (one unless the block repeats). */
function bodies(value: Json): Block[] {
  return Array.isArray(value) ? (value as Block[]) : [value as Block];
}

function entriesOf(value: Json): [string, Json][] {
  return value && typeof value === 'object' ? Object.entries(value) : [];
}

export async function parseHclFile(path: string): Promise<Record<string, Json>> {
  try {
    return await parse(path, readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} does not parse as HCL: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function loadModule(dir: string): Promise<TerraformModule> {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.tf'))
    .sort()
    .map((name) => join(dir, name));
  const module: TerraformModule = {
    dir,
    files,
    variables: new Map(),
    outputs: new Map(),
    locals: new Map(),
    resources: new Map(),
    dataSources: new Map(),
    moduleCalls: new Map(),
    providers: new Map(),
  };
  const addUnique = <Value>(map: Map<string, Value>, key: string, value: Value, file: string) => {
    if (map.has(key)) throw new Error(`${file}: ${key} is declared twice in ${dir}`);
    map.set(key, value);
  };
  for (const file of files) {
    const parsed = await parseHclFile(file);
    for (const [name, value] of entriesOf(parsed.variable)) addUnique(module.variables, name, bodies(value)[0] ?? {}, file);
    for (const [name, value] of entriesOf(parsed.output)) addUnique(module.outputs, name, bodies(value)[0] ?? {}, file);
    for (const block of bodies(parsed.locals ?? [])) {
      for (const [name, value] of entriesOf(block)) addUnique(module.locals, name, value, file);
    }
    for (const [type, named] of entriesOf(parsed.resource)) {
      for (const [name, value] of entriesOf(named)) addUnique(module.resources, `${type}.${name}`, bodies(value)[0] ?? {}, file);
    }
    for (const [type, named] of entriesOf(parsed.data)) {
      for (const [name, value] of entriesOf(named)) addUnique(module.dataSources, `${type}.${name}`, bodies(value)[0] ?? {}, file);
    }
    for (const [name, value] of entriesOf(parsed.module)) addUnique(module.moduleCalls, name, bodies(value)[0] ?? {}, file);
    for (const [name, value] of entriesOf(parsed.provider)) addUnique(module.providers, name, bodies(value)[0] ?? {}, file);
  }
  return module;
}

/** Every string in a parsed value, depth first. */
export function stringsIn(value: Json): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Only interpolated strings ("${…}") hold expressions; plain strings are literals. */
function expressionsIn(value: Json): string[] {
  return stringsIn(value).filter((text) => text.includes('${'));
}

export interface References {
  variables: Set<string>;
  locals: Set<string>;
  /** "network.vpc_id" */
  moduleOutputs: Set<string>;
  /** "aws_vpc.this" */
  resources: Set<string>;
  /** "aws_region.current" */
  dataSources: Set<string>;
}

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';

export function referencesIn(value: Json): References {
  const found: References = { variables: new Set(), locals: new Set(), moduleOutputs: new Set(), resources: new Set(), dataSources: new Set() };
  for (const expression of expressionsIn(value)) {
    const collect = (pattern: RegExp, into: Set<string>, shape: (match: RegExpMatchArray) => string) => {
      for (const match of expression.matchAll(pattern)) into.add(shape(match));
    };
    collect(new RegExp(`(?<![\\w.])var\\.(${NAME})`, 'g'), found.variables, (match) => match[1] ?? '');
    collect(new RegExp(`(?<![\\w.])local\\.(${NAME})`, 'g'), found.locals, (match) => match[1] ?? '');
    collect(new RegExp(`(?<![\\w.])module\\.(${NAME})\\.(${NAME})`, 'g'), found.moduleOutputs, (match) => `${match[1]}.${match[2]}`);
    collect(new RegExp(`(?<![\\w.])data\\.((?:aws|random)_[a-z0-9_]+)\\.(${NAME})`, 'g'), found.dataSources, (match) => `${match[1]}.${match[2]}`);
    collect(new RegExp(`(?<![\\w.])((?:aws|random)_[a-z0-9_]+)\\.(${NAME})`, 'g'), found.resources, (match) => `${match[1]}.${match[2]}`);
  }
  return found;
}

/** Every block of a module whose expressions can reference something, with a label for messages. */
export function labelledBodies(module: TerraformModule): [string, Json][] {
  return [
    ...[...module.variables].map(([name, body]): [string, Json] => [`variable.${name}`, body]),
    ...[...module.outputs].map(([name, body]): [string, Json] => [`output.${name}`, body]),
    ...[...module.locals].map(([name, body]): [string, Json] => [`local.${name}`, body]),
    ...[...module.resources].map(([name, body]): [string, Json] => [name, body]),
    ...[...module.dataSources].map(([name, body]): [string, Json] => [`data.${name}`, body]),
    ...[...module.moduleCalls].map(([name, body]): [string, Json] => [`module.${name}`, body]),
    ...[...module.providers].map(([name, body]): [string, Json] => [`provider.${name}`, body]),
  ];
}

/** The folder a module call's relative `source` points to. */
export function moduleSourceDir(module: TerraformModule, call: Block, callName: string): string {
  const source = call.source;
  if (typeof source !== 'string' || !source.startsWith('.')) {
    throw new Error(`${module.dir}: module "${callName}" needs a relative source (got ${JSON.stringify(source)})`);
  }
  return resolve(module.dir, source);
}

/** Meta-arguments of a module block that are not inputs. */
export const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

export function relativeToRoot(root: string, path: string): string {
  return relative(root, path) || '.';
}

/** Folders under `dir` (recursively) that hold .tf files. */
export function terraformDirs(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    const entries = readdirSync(current, { withFileTypes: true });
    if (entries.some((entry) => entry.isFile() && entry.name.endsWith('.tf'))) found.push(current);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(join(current, entry.name));
    }
  };
  walk(dir);
  return found.sort();
}
