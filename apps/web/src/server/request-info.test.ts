import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isSameOriginRequest, requestInfoFrom } from './request-info';

const headers = (values: Record<string, string>) => new Headers(values);

describe('request info', () => {
  it('takes the last forwarded hop as the client address', () => {
    expect(requestInfoFrom(headers({ host: 'Demo.localhost:3000', 'x-forwarded-for': '6.6.6.6, 10.0.0.2' }))).toMatchObject({
      host: 'demo.localhost:3000',
      ip: '10.0.0.2',
    });
  });

  it('counts a direct client by its connection, whatever X-Forwarded-For it sends', () => {
    const forged = headers({ host: 'demo.localhost:3000', 'x-forwarded-for': '1.2.3.4' });
    const trustedProxies = ['127.0.0.1', '::1'];
    expect(requestInfoFrom(forged, { address: '203.0.113.9', trustedProxies }).ip).toBe('203.0.113.9');
    expect(requestInfoFrom(forged, { address: '::ffff:203.0.113.9', trustedProxies }).ip).toBe('203.0.113.9');
    // Behind a trusted proxy the hop it appended names the client.
    expect(requestInfoFrom(headers({ 'x-forwarded-for': '1.2.3.4, 198.51.100.7' }), { address: '::ffff:127.0.0.1', trustedProxies }).ip).toBe('198.51.100.7');
    // A trusted proxy that sent no header: the proxy itself is all we know.
    expect(requestInfoFrom(headers({}), { address: '127.0.0.1', trustedProxies }).ip).toBe('127.0.0.1');
  });

  it('trusts a load balancer anywhere in its subnets', () => {
    const trustedProxies = ['10.0.1.0/24', '10.0.2.0/24'];
    const forwarded = headers({ 'x-forwarded-for': '1.2.3.4, 198.51.100.7' });
    for (const node of ['10.0.1.17', '::ffff:10.0.2.200']) expect(requestInfoFrom(forwarded, { address: node, trustedProxies }).ip, node).toBe('198.51.100.7');
    // Outside the ranges the header is the client's own and is ignored.
    expect(requestInfoFrom(forwarded, { address: '10.0.3.1', trustedProxies }).ip).toBe('10.0.3.1');
  });

  it('knows a client on this machine from any other', () => {
    for (const local of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopbackAddress(local), local).toBe(true);
    for (const remote of ['192.0.2.2', '::ffff:192.0.2.2', '10.0.0.1', 'fd00::2', '0.0.0.0', '127.0.0.1.example', '', '::']) expect(isLoopbackAddress(remote), remote).toBe(false);
  });

  it('refuses cross-site mutations', () => {
    expect(isSameOriginRequest(headers({ host: 'demo.localhost:3000', origin: 'http://demo.localhost:3000' }))).toBe(true);
    expect(isSameOriginRequest(headers({ host: 'demo.localhost:3000', origin: 'http://evil.localhost:3000' }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: 'demo.localhost:3000', 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: 'demo.localhost:3000' }))).toBe(true);
  });
});
