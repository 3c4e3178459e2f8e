// How a long-running process (gateway, worker) ends on SIGTERM/SIGINT: log the signal,
// run its close routine once, exit 0 when it finished or 1 when it failed or took too long.
import type { Logger } from './index';

export interface ShutdownOptions {
  readonly log: Logger;
  /** Drains the process's work and releases its connections. */
  readonly close: () => Promise<void>;
  /** The process exits with 1 when close() has not finished by then. */
  readonly timeoutMs: number;
  /** For tests; the process's own exit by default. */
  readonly exit?: (code: number) => void;
}

export function exitOnSignals(options: ShutdownOptions, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): (signal: string) => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let closing: Promise<void> | undefined;
  const shutdown = (signal: string): Promise<void> => {
    closing ??= (async () => {
      options.log.info('shutting down', { signal });
      setTimeout(() => exit(1), options.timeoutMs).unref();
      try {
        await options.close();
        exit(0);
      } catch (error) {
        options.log.error('shutdown failed', { error });
        exit(1);
      }
    })();
    return closing;
  };
  for (const signal of signals) process.once(signal, (received) => void shutdown(received));
  return shutdown;
}
