import { describe, expect, it } from 'vitest';
import { classifyHost } from './site';

describe('classifyHost', () => {
  it('finds the console, sub-domains and custom domains', () => {
    expect(classifyHost('localhost:3000', 'localhost:3000')).toEqual({ kind: 'console' });
    expect(classifyHost('demo.localhost:3000', 'localhost:3000')).toEqual({ kind: 'subdomain', slug: 'demo' });
    expect(classifyHost('Films.Example.org', 'example.org')).toEqual({ kind: 'subdomain', slug: 'films' });
    expect(classifyHost('films.example.org:443', 'example.org')).toEqual({ kind: 'subdomain', slug: 'films' });
    expect(classifyHost('tracker.films.org', 'example.org')).toEqual({ kind: 'custom', hostname: 'tracker.films.org' });
    expect(classifyHost('a.b.localhost:3000', 'localhost:3000')).toEqual({ kind: 'custom', hostname: 'a.b.localhost' });
  });
});
