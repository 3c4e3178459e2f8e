// Runs wrk pinned to core 1 against 127.0.0.1 and parses what the report prints.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly errors: number;
  readonly requests: number;
  readonly raw: string;
}

const script = fileURLToPath(new URL('./announce.lua', import.meta.url));
const pacedScript = fileURLToPath(new URL('./paced.lua', import.meta.url));

function milliseconds(value: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value ?? '');
  if (match === null) return Number.NaN;
  const amount = Number(match[1]);
  return match[2] === 'us' ? amount / 1000 : match[2] === 's' ? amount * 1000 : amount;
}

export function runWrk(options: {
  port: number;
  linesFile: string;
  withPasskey: boolean;
  close: boolean;
  seconds: number;
  connections?: number;
  /** Offered announces per second (paced.lua); unset: as fast as answers come. */
  rate?: number;
}): Promise<WrkResult> {
  const connections = options.connections ?? 64;
  const args = [
    '-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${options.seconds}s`, '--latency', '--timeout', '5s',
    '-s', options.rate === undefined ? script : pacedScript, `http://127.0.0.1:${options.port}/`,
    '--', options.linesFile, options.withPasskey ? 'passkey' : 'plain', options.close ? 'close' : 'keepalive',
    ...(options.rate === undefined ? [] : [String(options.rate), String(connections)]),
  ];
  return new Promise((resolve, reject) => {
    // wrk's Lua reads the whole lines file per thread before the clock starts: seconds
    // on a busy machine, hence the generous margin.
    execFile('taskset', args, { timeout: (options.seconds + 180) * 1000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error !== null) return reject(new Error(`wrk failed (${error.signal ?? `exit ${String(error.code)}`}): ${stderr.slice(-2000)}`));
      resolve(parseWrkOutput(stdout));
    });
  });
}

/** What wrk's report (with announce.lua's done() line) says. */
export function parseWrkOutput(stdout: string): WrkResult {
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  const errors =
    (socketErrors === null ? 0 : socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0)) +
    (non2xx === null ? 0 : Number(non2xx[1]));
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50Ms: milliseconds(/\s50%\s+([\d.]+\w+)/.exec(stdout)?.[1]),
    p99Ms: milliseconds(/\s99%\s+([\d.]+\w+)/.exec(stdout)?.[1]),
    p999Ms: Number(/latency-us p50 \d+ p99 \d+ p999 (\d+)/.exec(stdout)?.[1] ?? Number.NaN) / 1000,
    errors,
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? Number.NaN),
    raw: stdout,
  };
}
