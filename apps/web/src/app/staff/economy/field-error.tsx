// A server validation message shown under the field it names (ids tie it to the input
// for screen readers through aria-describedby).
export const errorId = (path: string) => `error-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** The message for `path`, or for a part of it (`hitAndRun.immuneGroupIds.2` shows under the list). */
export function errorFor(errors: Record<string, string>, path: string): string | undefined {
  return errors[path] ?? Object.entries(errors).find(([field]) => field.startsWith(`${path}.`))?.[1];
}

export function FieldError({ errors, path, nested = false }: { errors: Record<string, string>; path: string; nested?: boolean }) {
  const message = nested ? errorFor(errors, path) : errors[path];
  if (!message) return null;
  return (
    <p id={errorId(path)} className="mt-1 text-xs font-medium text-red-800" data-testid={`field-error-${path}`}>
      {message}
    </p>
  );
}

/** Props marking an input invalid and pointing at its message. */
export function invalidProps(errors: Record<string, string>, path: string) {
  return errorFor(errors, path) ? { 'aria-invalid': true as const, 'aria-describedby': errorId(path) } : {};
}

/** A raw input value as the server should see it: a number when it reads as one, else the text (so the server names the field). */
export function numberOrText(raw: string): number | string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** "bonus.earningRules.1.threshold: is required …; hitAndRun.minRatio: …" → field → message. */
export function fieldsFromMessage(message: string, prefix = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z0-9_.]+): (.+)$/.exec(part);
    if (match?.[1] && match[2]) fields[`${prefix}${match[1]}`] = match[2];
  }
  return fields;
}
