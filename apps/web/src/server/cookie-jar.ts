// Cookie jars for the API context. Route handlers can set cookies (Set-Cookie on the
// response); server components only read them. The API names cookies plainly
// (sh_session, sh_operator); over https they travel as __Host-sh_session with Secure:
// browsers then refuse the cookie unless it is Secure, Path=/ and has no Domain, so
// neither a sibling host (another tenant's subdomain) nor a plain-http response can
// plant or overwrite a session cookie.
import type { CookieJar } from '@swarmhost/api';
import { webConfig } from './env';

type Protocol = 'http' | 'https';

/** The cookie's name on the wire for the site's protocol. */
export function wireCookieName(name: string, protocol: Protocol): string {
  return protocol === 'https' ? `__Host-${name}` : name;
}

function parseCookies(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) jar.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()));
  }
  return jar;
}

/** One cookie of a request's Cookie header, by the API's name (e.g. sh_session). */
export function requestCookie(header: string | null | undefined, name: string, protocol: Protocol): string | undefined {
  return parseCookies(header ?? null).get(wireCookieName(name, protocol));
}

/** One Set-Cookie line: host-only (no Domain), HttpOnly, SameSite=Lax; Secure over https. */
export function serialiseCookie(name: string, value: string, expires: Date, protocol: Protocol): string {
  const secure = protocol === 'https' ? '; Secure' : '';
  return `${wireCookieName(name, protocol)}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${secure}`;
}

export function responseCookieJar(
  requestCookieHeader: string | null,
  responseHeaders: Pick<Headers, 'append'>,
  protocol: Protocol = webConfig().WEB_PROTOCOL,
): CookieJar {
  const jar = parseCookies(requestCookieHeader);
  return {
    get: (name) => jar.get(wireCookieName(name, protocol)),
    set: (name, value, expires) => {
      jar.set(wireCookieName(name, protocol), value);
      responseHeaders.append('set-cookie', serialiseCookie(name, value, expires, protocol));
    },
    clear: (name) => {
      jar.delete(wireCookieName(name, protocol));
      responseHeaders.append('set-cookie', serialiseCookie(name, '', new Date(0), protocol));
    },
  };
}

export function readOnlyCookieJar(read: (name: string) => string | undefined, protocol: Protocol = webConfig().WEB_PROTOCOL): CookieJar {
  const refuse = () => {
    throw new Error('cookies can only change in a route handler; call this through /api/trpc');
  };
  return { get: (name) => read(wireCookieName(name, protocol)), set: refuse, clear: refuse };
}
