// Cookie jars for the API context. Route handlers can set cookies (Set-Cookie on the
// response); server components only read them.
import type { CookieJar } from '@swarmhost/api';
import { webConfig } from './env';

function parseCookies(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) jar.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()));
  }
  return jar;
}

function serialise(name: string, value: string, expires: Date): string {
  const secure = webConfig().WEB_PROTOCOL === 'https' ? '; Secure' : '';
  // No Domain attribute: the cookie stays on this exact host (sessions are per site).
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${secure}`;
}

export function responseCookieJar(requestCookieHeader: string | null, responseHeaders: Pick<Headers, 'append'>): CookieJar {
  const jar = parseCookies(requestCookieHeader);
  return {
    get: (name) => jar.get(name),
    set: (name, value, expires) => {
      jar.set(name, value);
      responseHeaders.append('set-cookie', serialise(name, value, expires));
    },
    clear: (name) => {
      jar.delete(name);
      responseHeaders.append('set-cookie', serialise(name, '', new Date(0)));
    },
  };
}

export function readOnlyCookieJar(read: (name: string) => string | undefined): CookieJar {
  const refuse = () => {
    throw new Error('cookies can only change in a route handler; call this through /api/trpc');
  };
  return { get: read, set: refuse, clear: refuse };
}
