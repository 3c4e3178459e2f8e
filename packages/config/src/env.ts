// The one place that reads process.env. Each app asks for the slice it needs; a bad
// value fails at boot with a message that names the variable and says what is wrong.
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Parses `source` (default: process.env) with `schema`, naming every bad variable. */
export function parseEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  source: Environment = process.env,
): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const value = source[variable];
    const shown = value === undefined ? 'unset' : `got ${JSON.stringify(value)}`;
    return `  ${variable}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
}

/** Reads one raw variable without validation, for tooling that only forwards it. */
export function rawEnv(name: string, source: Environment = process.env): string | undefined {
  return source[name];
}
