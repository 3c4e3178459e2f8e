// Which tRPC call a request address names: /api/trpc/<procedure>[?query], where the
// procedure may be several joined by commas (a batch, with batch=1 in the query). One
// reading for the site server's front gates (search budget, search lane, tRPC itself).
const PREFIX = '/api/trpc/';

/** The procedure path of /api/trpc/<path>[?query]; undefined for any other address. */
export function trpcPath(url: string): string | undefined {
  if (!url.startsWith(PREFIX)) return undefined;
  const query = url.indexOf('?');
  const raw = url.slice(PREFIX.length, query === -1 ? undefined : query);
  // One path segment, as the route [trpc].ts matches; anything else is Next's 404.
  if (raw === '' || raw.includes('/')) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined; // malformed escapes: Next answers them
  }
}

/** Whether the address asks for a batch (batch=1 in its query). */
export function isBatchCall(url: string): boolean {
  const query = url.indexOf('?');
  return query !== -1 && new URLSearchParams(url.slice(query + 1)).get('batch') === '1';
}
