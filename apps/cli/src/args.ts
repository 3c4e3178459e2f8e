// Turns `pnpm cli <command> --flag value … [--json]` into a command name and a flag map,
// refusing anything it cannot read with a message that names the offending word.
export interface ParsedArgs {
  command: string | undefined;
  flags: Record<string, string | true>;
  json: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

const BOOLEAN_FLAGS = new Set(['json', 'help']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags: Record<string, string | true> = {};
  let command: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '-h') {
      flags.help = true;
      continue;
    }
    if (!word.startsWith('--')) {
      if (command !== undefined) {
        throw new UsageError(`unexpected argument "${word}": values follow a --flag`);
      }
      command = word;
      continue;
    }
    const [name, inlineValue] = splitFlag(word.slice(2));
    if (!name) throw new UsageError(`"${word}" is not a flag name`);
    if (name in flags) throw new UsageError(`--${name} is given twice`);
    if (BOOLEAN_FLAGS.has(name)) {
      flags[name] = true;
      continue;
    }
    const value = inlineValue ?? argv[index + 1];
    if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value`);
    }
    if (inlineValue === undefined) index++;
    flags[name] = value;
  }
  const { json, help, ...rest } = flags;
  return { command, flags: rest, json: json === true, help: help === true };
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals === -1 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}
