// The shared JSON logger (packages/log) with every line passed through the passkey
// redaction, so no code path of this app can log a passkey by accident (issue 17).
import { createLogger as createJsonLogger, type LineWriter, type Logger, type LogLevel } from '@swarmhost/log';
import { redactPasskeys } from './redact';

export type { Logger, LogLevel };

export function createLogger(
  level: LogLevel,
  base: Record<string, unknown> = {},
  writeLine: LineWriter = (line) => process.stderr.write(line),
): Logger {
  return createJsonLogger(level, base, (line) => writeLine(redactPasskeys(line)));
}
