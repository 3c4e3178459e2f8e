import { describe, expect, it } from 'vitest';
import { isSameOriginRequest, requestInfoFrom } from './request-info';

const headers = (values: Record<string, string>) => new Headers(values);

describe('request info', () => {
  it('takes the last forwarded hop as the client address', () => {
    expect(requestInfoFrom(headers({ host: 'Demo.localhost:3000', 'x-forwarded-for': '6.6.6.6, 10.0.0.2' }))).toMatchObject({
      host: 'demo.localhost:3000',
      ip: '10.0.0.2',
    });
  });

  it('refuses cross-site mutations', () => {
    expect(isSameOriginRequest(headers({ host: 'demo.localhost:3000', origin: 'http://demo.localhost:3000' }))).toBe(true);
    expect(isSameOriginRequest(headers({ host: 'demo.localhost:3000', origin: 'http://evil.localhost:3000' }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: 'demo.localhost:3000', 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: 'demo.localhost:3000' }))).toBe(true);
  });
});
