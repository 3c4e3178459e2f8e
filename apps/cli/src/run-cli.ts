// Runs one CLI invocation: parse, validate flags with the command's schema, run, print
// (human or --json) and return the exit code — 0 done, 1 the input was wrong, 2 the
// platform failed. Kept apart from main.ts so tests can call it in-process.
import { isAppError } from '@swarmhost/domain/errors';
import { ZodError } from 'zod';
import { parseArgs, UsageError } from './args';
import type { Command } from './command';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const consoleOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function runCli(
  argv: readonly string[],
  commands: readonly Command[],
  output: Output = consoleOutput,
): Promise<number> {
  let json = argv.includes('--json');
  try {
    const parsed = parseArgs(argv);
    json = parsed.json;
    if (parsed.command === undefined || parsed.command === 'help') {
      output.out(helpText(commands));
      return parsed.command === undefined && !parsed.help ? 1 : 0;
    }
    const command = commands.find((candidate) => candidate.name === parsed.command);
    if (!command) {
      throw new UsageError(`unknown command "${parsed.command}"; run "pnpm cli help" for the list`);
    }
    if (parsed.help) {
      output.out(`${command.name} ${command.usage}\n  ${command.summary}`);
      return 0;
    }
    const known = new Set(Object.keys(command.options.shape));
    for (const flag of Object.keys(parsed.flags)) {
      if (!known.has(flag)) {
        throw new UsageError(`${command.name} has no --${flag} flag; usage: ${command.name} ${command.usage}`);
      }
    }
    const options = command.options.parse(parsed.flags);
    const result = await command.run(options);
    output.out(json ? JSON.stringify({ ok: true, ...result.data }, null, 2) : result.text);
    return 0;
  } catch (error) {
    const { code, message, exitCode } = describeError(error);
    if (json) output.out(JSON.stringify({ ok: false, error: { code, message } }, null, 2));
    else output.err(`error: ${message}`);
    return exitCode;
  }
}

function describeError(error: unknown): { code: string; message: string; exitCode: number } {
  if (error instanceof UsageError) return { code: 'BAD_REQUEST', message: error.message, exitCode: 1 };
  if (error instanceof ZodError) {
    const message = error.issues
      .map((issue) => `--${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return { code: 'BAD_REQUEST', message, exitCode: 1 };
  }
  if (isAppError(error)) {
    return { code: error.code, message: error.message, exitCode: error.code === 'INTERNAL' ? 2 : 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `unexpected failure: ${message}`, exitCode: 2 };
}

function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'usage: pnpm cli <command> [--flags] [--json]',
    '',
    ...lines,
    '',
    'pnpm cli <command> --help shows a command\'s flags.',
  ].join('\n');
}
