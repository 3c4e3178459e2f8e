// PostgreSQL array literals for the flusher's unnest() statements, built once per batch:
// node-postgres' generic array encoder (per-element type checks and escaping) was the
// flusher's largest cost under load.

/** UUIDs and hex hashes go bare; anything else (NULL, commas, quotes …) is quoted. */
const PLAIN_TOKEN = /^[0-9A-Fa-f-]+$/;

export function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  const items = values.map((value) => {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 't' : 'f';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`ledger value ${value} is not a finite number`);
      return String(value);
    }
    return PLAIN_TOKEN.test(value) ? value : `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
  });
  return `{${items.join(',')}}`;
}
