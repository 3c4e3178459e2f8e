import { MEMBER_COOKIE, OPERATOR_COOKIE } from '@swarmhost/api';
import { describe, expect, it } from 'vitest';
import { readOnlyCookieJar, responseCookieJar, serialiseCookie, wireCookieName } from './cookie-jar';

const expires = new Date('2030-01-02T03:04:05Z');

function recordingHeaders() {
  const lines: string[] = [];
  return { lines, headers: { append: (_name: string, value: string) => void lines.push(value) } };
}

describe('session cookies on the wire', () => {
  it('are __Host- prefixed and Secure over https', () => {
    expect(wireCookieName(MEMBER_COOKIE, 'https')).toBe('__Host-sh_session');
    expect(wireCookieName(OPERATOR_COOKIE, 'https')).toBe('__Host-sh_operator');
    const line = serialiseCookie(MEMBER_COOKIE, 'token value', expires, 'https');
    expect(line).toBe('__Host-sh_session=token%20value; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Secure');
    // What browsers require of a __Host- cookie: Secure, Path=/, no Domain.
    expect(line).not.toMatch(/Domain=/i);
  });

  it('keep their plain names without Secure over http (local runs)', () => {
    expect(wireCookieName(MEMBER_COOKIE, 'http')).toBe('sh_session');
    expect(serialiseCookie(OPERATOR_COOKIE, 'x', expires, 'http')).toBe('sh_operator=x; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 02 Jan 2030 03:04:05 GMT');
  });

  it('are read, set and cleared under the wire name, never the plain one over https', () => {
    const { lines, headers } = recordingHeaders();
    const jar = responseCookieJar('sh_session=planted; __Host-sh_session=real', headers, 'https');
    expect(jar.get(MEMBER_COOKIE)).toBe('real');
    jar.set(OPERATOR_COOKIE, 'op', expires);
    expect(jar.get(OPERATOR_COOKIE)).toBe('op');
    jar.clear(MEMBER_COOKIE);
    expect(jar.get(MEMBER_COOKIE)).toBeUndefined();
    expect(lines).toEqual([
      '__Host-sh_operator=op; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Secure',
      '__Host-sh_session=; Path=/; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure',
    ]);
    // A cookie without the prefix (set by a sibling host or over http) is not a session over https.
    expect(responseCookieJar('sh_session=planted', headers, 'https').get(MEMBER_COOKIE)).toBeUndefined();
    expect(responseCookieJar('sh_session=plain', headers, 'http').get(MEMBER_COOKIE)).toBe('plain');

    const stored = new Map([['__Host-sh_session', 'page'], ['sh_session', 'planted']]);
    expect(readOnlyCookieJar((name) => stored.get(name), 'https').get(MEMBER_COOKIE)).toBe('page');
    expect(readOnlyCookieJar((name) => stored.get(name), 'http').get(MEMBER_COOKIE)).toBe('planted');
  });
});
