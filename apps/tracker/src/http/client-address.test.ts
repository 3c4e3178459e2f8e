import { describe, expect, it } from 'vitest';
import { clientAddress, TrustedProxies, type ClientAddress } from './client-address';
import { parseRequestHead } from './request-head';

const v4 = (ip: string): ClientAddress => ({ ip, family: 4 });
const proxies = new TrustedProxies(['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);

describe('clientAddress', () => {
  it('takes the rightmost address that is not a trusted proxy, not what the client put first', () => {
    expect(clientAddress(v4('10.0.0.1'), '198.51.100.66, 203.0.113.7', proxies)).toEqual(v4('203.0.113.7'));
    expect(clientAddress(v4('10.0.0.1'), '198.51.100.66, 203.0.113.7, 10.1.2.3, 192.0.2.7', proxies)).toEqual(v4('203.0.113.7'));
  });

  it('walks IPv6 ranges and unmaps IPv4-mapped addresses', () => {
    expect(clientAddress(v4('192.0.2.7'), '2001:DB8::42, fd12::1', proxies)).toEqual({ ip: '2001:db8::42', family: 6 });
    expect(clientAddress({ ip: 'fd00::5', family: 6 }, '::ffff:203.0.113.9', proxies)).toEqual(v4('203.0.113.9'));
  });

  it('ignores the header from a peer that is not a trusted proxy', () => {
    expect(clientAddress(v4('203.0.113.50'), '198.51.100.66', proxies)).toEqual(v4('203.0.113.50'));
    expect(clientAddress(v4('10.0.0.1'), '198.51.100.66', new TrustedProxies([]))).toEqual(v4('10.0.0.1'));
  });

  it('stops at a malformed entry, keeping the last address a trusted proxy vouched for', () => {
    expect(clientAddress(v4('10.0.0.1'), '198.51.100.66, not-an-ip, 10.0.0.2', proxies)).toEqual(v4('10.0.0.2'));
    expect(clientAddress(v4('10.0.0.1'), 'garbage', proxies)).toEqual(v4('10.0.0.1'));
  });

  it('falls back to the leftmost address when every hop is a trusted proxy', () => {
    expect(clientAddress(v4('10.0.0.1'), '10.9.9.9, 10.0.0.2', proxies)).toEqual(v4('10.9.9.9'));
  });

  it('refuses settings that are neither addresses nor CIDR ranges, naming them', () => {
    expect(() => new TrustedProxies(['10.0.0.0/33'])).toThrow(/"10.0.0.0\/33" is neither/);
    expect(() => new TrustedProxies(['proxy.local'])).toThrow(/"proxy.local"/);
    expect(() => new TrustedProxies(['fd00::/129'])).toThrow(/fd00::\/129/);
  });
});

describe('X-Forwarded-For header lines', () => {
  it('joins every line in order, so the rightmost address of the last line wins', () => {
    const raw = Buffer.from('GET / HTTP/1.1\r\nX-Forwarded-For: 198.51.100.66\r\nHost: a\r\nx-forwarded-for: 203.0.113.7, 10.0.0.2\r\n\r\n');
    const head = parseRequestHead(raw);
    if (typeof head === 'string') throw new Error(head);
    expect(head.forwardedFor).toBe('198.51.100.66,203.0.113.7, 10.0.0.2');
    expect(clientAddress(v4('10.0.0.1'), head.forwardedFor, proxies)).toEqual(v4('203.0.113.7'));
  });
});
