import { describe, expect, it } from 'vitest';
import { AppError, httpStatusFor } from './errors';
import { announceUrl, genericAnnounceUrl } from './tracker-url';
import { checkEmail, checkSlug, checkTenantName, checkUsername } from './validation';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
}

describe('field rules', () => {
  it('accepts good slugs and explains bad ones', () => {
    expect(checkSlug('film-club-2')).toBe('film-club-2');
    expect(() => checkSlug('-leading')).toThrow(/invalid slug "-leading"/);
    expect(() => checkSlug('UPPER')).toThrow(/lowercase/);
    expect(() => checkSlug('a'.repeat(41))).toThrow(AppError);
    expect(() => checkSlug('admin')).toThrow(/reserved/);
    expect(codeOf(() => checkSlug('no spaces'))).toBe('BAD_REQUEST');
  });

  it('checks usernames, e-mail addresses and tenant names', () => {
    expect(checkUsername('Alice_01')).toBe('Alice_01');
    expect(() => checkUsername('al')).toThrow(/3-32/);
    expect(() => checkUsername('a b c')).toThrow(/invalid username/);
    expect(checkEmail(' a@b.example ')).toBe('a@b.example');
    expect(() => checkEmail('not-an-address')).toThrow(/invalid e-mail/);
    expect(checkTenantName('  Film Club ')).toBe('Film Club');
    expect(() => checkTenantName('x')).toThrow(/2-80/);
  });
});

describe('errors and URLs', () => {
  it('maps every code to one HTTP status', () => {
    expect(httpStatusFor('NOT_FOUND')).toBe(404);
    expect(httpStatusFor('CONFLICT')).toBe(409);
    expect(httpStatusFor('TOO_MANY_REQUESTS')).toBe(429);
  });

  it('builds announce URLs without doubled slashes', () => {
    expect(announceUrl('http://t.example:6969/', 'ab')).toBe('http://t.example:6969/ab/announce');
    expect(genericAnnounceUrl('http://t.example')).toBe('http://t.example/announce');
  });
});
