// Runs before every page request (Next 16's proxy, formerly middleware): a fresh CSP
// nonce per request that Next.js puts on its own scripts. API routes (JSON, no
// scripts) skip it; the headers that never change come from next.config.ts
// (security-headers.ts). Authorisation is not done here but in the API.
import { NextResponse, type NextRequest } from 'next/server';
import { realtimeConnectSources } from './components/live/realtime-csp';
import { isDevelopment } from './lib/env';
import { HSTS_HEADER } from './security-headers';

export function contentSecurityPolicy(nonce: string, development: boolean, connectSources: string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, isDevelopment, realtimeConnectSources());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  // Served over https without a proxy in front (next.config covers x-forwarded-proto).
  if (request.nextUrl.protocol === 'https:') response.headers.set(HSTS_HEADER.key, HSTS_HEADER.value);
  return response;
}

export const config = {
  // Not for API routes (/api/trpc, /api/realtime/token): JSON needs no script nonce.
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico).*)' }],
};
