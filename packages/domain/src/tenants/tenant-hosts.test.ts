import { describe, expect, it } from 'vitest';
import { checkHostName } from './tenant-hosts';

describe('checkHostName', () => {
  it('normalises valid host names', () => {
    expect(checkHostName(' Tracker.Example.ORG. ', 'localhost:3000')).toBe('tracker.example.org');
    expect(checkHostName('films-club.co.uk', 'swarmhost.net')).toBe('films-club.co.uk');
  });

  it('says what is wrong with a bad one', () => {
    expect(() => checkHostName('', 'x.org')).toThrow(/enter a host name/);
    expect(() => checkHostName('localhost', 'x.org')).toThrow(/with a dot/);
    expect(() => checkHostName('films.example.org:8080', 'x.org')).toThrow(/no port/);
    expect(() => checkHostName('https://films.example.org', 'x.org')).toThrow(/no port, path or scheme/);
    expect(() => checkHostName('-films.example.org', 'x.org')).toThrow(/inner hyphens/);
    expect(() => checkHostName(`${'a'.repeat(64)}.org`, 'x.org')).toThrow(/1-63 characters/);
    expect(() => checkHostName('10.0.0.1', 'x.org')).toThrow(/IP address/);
  });

  it('refuses the platform domain and names under it', () => {
    expect(() => checkHostName('films.swarmhost.net', 'swarmhost.net')).toThrow(/platform's own domain/);
    expect(() => checkHostName('localhost', 'localhost:3000')).toThrow();
    expect(() => checkHostName('demo.localhost', 'localhost:3000')).toThrow(/platform's own domain/);
  });
});
