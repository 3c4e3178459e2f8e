// Runs the CLI in-process (fast, output captured) or as a real child process (exit
// codes, stdout/stderr as an operator sees them).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { commands } from '../src/commands/index';
import { runCli } from '../src/run-cli';

export function uniqueSlug(label: string): string {
  return `${label}-${randomBytes(3).toString('hex')}`;
}

export async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(argv, commands, {
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
  });
  return { exitCode, stdout, stderr };
}

/** `--json` output of a successful in-process run. */
export async function cliJson<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const result = await cli(...argv, '--json');
  if (result.exitCode !== 0) throw new Error(`cli ${argv.join(' ')} failed: ${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export function spawnCli(...argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const urls = inject('databaseUrls');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', mainScript, ...argv],
      {
        env: {
          ...process.env,
          DATABASE_URL: urls.owner,
          DATABASE_APP_URL: urls.app,
          DATABASE_SYSTEM_URL: urls.system,
        },
      },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
