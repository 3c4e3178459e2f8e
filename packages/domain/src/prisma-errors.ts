// Recognises the database errors a use case turns into AppErrors (a unique key hit).
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; meta?: { target?: unknown; driverAdapterError?: unknown } };
  if (candidate.code !== 'P2002') return false;
  if (field === undefined) return true;
  return JSON.stringify(candidate.meta ?? {}).includes(field);
}
