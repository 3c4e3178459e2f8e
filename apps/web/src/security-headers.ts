// Security headers that do not depend on the request, for every response (pages, API,
// downloads): next.config.ts sends them, so API calls skip the per-request proxy.
// The Content-Security-Policy needs a fresh nonce per page and stays in proxy.ts.
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'referrer-policy', value: 'same-origin' },
  { key: 'x-content-type-options', value: 'nosniff' },
  { key: 'x-frame-options', value: 'DENY' },
  { key: 'permissions-policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
];

export const HSTS_HEADER = { key: 'strict-transport-security', value: 'max-age=63072000; includeSubDomains' } as const;

/** next.config `headers()`: the static set everywhere, HSTS behind an https proxy. */
export function staticHeaderRules() {
  return [
    { source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] },
    { source: '/:path*', has: [{ type: 'header' as const, key: 'x-forwarded-proto', value: 'https' }], headers: [HSTS_HEADER] },
  ];
}
