import { describe, expect, it } from 'vitest';
import { devOutboxEnabled, loadRealtimeConfig, loadWebConfig, TrustedProxies } from './index';

describe('loadWebConfig', () => {
  it('fits a local machine by default', () => {
    const config = loadWebConfig({});
    expect(config.WEB_PORT).toBe(3000);
    expect(config.BASE_DOMAIN).toBe('localhost:3000');
    expect(config.MAIL_TRANSPORT).toBe('outbox');
  });

  it('names a missing SMTP_URL when SMTP is chosen', () => {
    expect(() => loadWebConfig({ MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL: must be set/);
    expect(loadWebConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail:25' }).SMTP_URL).toBe('smtp://mail:25');
  });

  it('trusts X-Forwarded-For from loopback proxies unless told otherwise', () => {
    expect(loadWebConfig({}).WEB_TRUSTED_PROXIES).toEqual(['127.0.0.1', '::1']);
    expect(loadWebConfig({ WEB_TRUSTED_PROXIES: ' 10.0.0.2, 10.0.0.3 ' }).WEB_TRUSTED_PROXIES).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(loadWebConfig({ WEB_TRUSTED_PROXIES: '' }).WEB_TRUSTED_PROXIES).toEqual([]);
    // A load balancer's nodes are named by their subnets.
    expect(loadWebConfig({ WEB_TRUSTED_PROXIES: '10.0.0.0/24, fd00::/8' }).WEB_TRUSTED_PROXIES).toEqual(['10.0.0.0/24', 'fd00::/8']);
    expect(() => loadWebConfig({ WEB_TRUSTED_PROXIES: '10.0.0.0/24, proxy.internal' })).toThrow(/WEB_TRUSTED_PROXIES: "proxy.internal" is neither/);
    expect(() => loadWebConfig({ WEB_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/WEB_TRUSTED_PROXIES: "10.0.0.0\/33" is neither/);
  });

  it('takes the search lane as an http origin, or none', () => {
    expect(loadWebConfig({}).WEB_SEARCH_LANE_URL).toBeUndefined();
    expect(loadWebConfig({ WEB_SEARCH_LANE_URL: '' }).WEB_SEARCH_LANE_URL).toBeUndefined();
    expect(loadWebConfig({ WEB_SEARCH_LANE_URL: 'http://127.0.0.1:3001' }).WEB_SEARCH_LANE_URL).toBe('http://127.0.0.1:3001');
    expect(loadWebConfig({ WEB_SEARCH_LANE_URL: 'http://search.internal:80/' }).WEB_SEARCH_LANE_URL).toBe('http://search.internal');
    for (const bad of ['127.0.0.1:3001', 'https://search.internal', 'http://127.0.0.1:3001/search', 'http://u:p@127.0.0.1:3001', 'http://127.0.0.1:3001/?a=1']) {
      expect(() => loadWebConfig({ WEB_SEARCH_LANE_URL: bad }), bad).toThrow(/WEB_SEARCH_LANE_URL: must be an http:\/\/ origin/);
    }
  });

  it('matches trusted proxies by address and by range', () => {
    const proxies = new TrustedProxies(['10.0.1.0/24', '192.0.2.7', 'fd00::/8']);
    for (const trusted of ['10.0.1.1', '10.0.1.254', '::ffff:10.0.1.9', '192.0.2.7', 'fd00::1']) expect(proxies.has(trusted), trusted).toBe(true);
    for (const other of ['10.0.2.1', '192.0.2.8', 'fe80::1', '', 'not-an-address']) expect(proxies.has(other), other).toBe(false);
    expect(new TrustedProxies([]).has('127.0.0.1')).toBe(false);
  });

  it("emits live events under the gateway's adapter key", () => {
    expect(loadWebConfig({}).REALTIME_ADAPTER_KEY).toBe(loadRealtimeConfig({}).REALTIME_ADAPTER_KEY);
    expect(loadWebConfig({ REALTIME_ADAPTER_KEY: 'sh-live' }).REALTIME_ADAPTER_KEY).toBe('sh-live');
  });

  it('keeps the dev outbox for local runs, production builds included, and never beside SMTP in production', () => {
    expect(devOutboxEnabled(loadWebConfig({}))).toBe(true);
    // `next start` (scripts/up.sh) runs with NODE_ENV=production: the outbox must be asked for there.
    const production = { NODE_ENV: 'production', WEB_PROTOCOL: 'https' };
    expect(() => loadWebConfig(production)).toThrow(/SMTP_URL: must be set in production/);
    // Production refuses the outbox unless a local run says so explicitly.
    expect(() => loadWebConfig({ ...production, MAIL_TRANSPORT: 'outbox' })).toThrow(/MAIL_TRANSPORT: "outbox" is refused when NODE_ENV=production.*ALLOW_DEV_OUTBOX=1/);
    expect(() => loadWebConfig({ ...production, MAIL_TRANSPORT: 'outbox', ALLOW_DEV_OUTBOX: '0' })).toThrow(/ALLOW_DEV_OUTBOX/);
    expect(devOutboxEnabled(loadWebConfig({ ...production, MAIL_TRANSPORT: 'outbox', ALLOW_DEV_OUTBOX: '1' }))).toBe(true);
    expect(() => loadWebConfig({ ...production, MAIL_TRANSPORT: 'outbox', ALLOW_DEV_OUTBOX: 'maybe' })).toThrow(/ALLOW_DEV_OUTBOX: must be one of/);
    // SMTP configured: the transport follows it unless told otherwise, and the page is gone.
    expect(loadWebConfig({ SMTP_URL: 'smtp://mail:25' }).MAIL_TRANSPORT).toBe('smtp');
    expect(devOutboxEnabled(loadWebConfig({ ...production, SMTP_URL: 'smtp://mail:25' }))).toBe(false);
    expect(devOutboxEnabled(loadWebConfig({ ...production, MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail:25' }))).toBe(false);
    expect(() => loadWebConfig({ ...production, MAIL_TRANSPORT: 'outbox', ALLOW_DEV_OUTBOX: '1', SMTP_URL: 'smtp://mail:25' })).toThrow(/MAIL_TRANSPORT: must be "smtp" in production/);
    // In development both may be set, e.g. to try the SMTP settings later.
    expect(devOutboxEnabled(loadWebConfig({ MAIL_TRANSPORT: 'outbox', SMTP_URL: 'smtp://mail:25' }))).toBe(true);
  });

  it('rejects an unknown protocol by name', () => {
    expect(() => loadWebConfig({ WEB_PROTOCOL: 'ftp' })).toThrow(/WEB_PROTOCOL/);
  });

  it('insists on https in production unless a local run allows plain http explicitly', () => {
    const production = { NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' };
    expect(() => loadWebConfig(production)).toThrow(/WEB_PROTOCOL: must be "https" when NODE_ENV=production.*ALLOW_INSECURE_HTTP=1 .*got "http"/);
    expect(() => loadWebConfig({ ...production, WEB_PROTOCOL: 'http' })).toThrow(/WEB_PROTOCOL/);
    expect(loadWebConfig({ ...production, WEB_PROTOCOL: 'https' }).WEB_PROTOCOL).toBe('https');
    expect(loadWebConfig({ ...production, ALLOW_INSECURE_HTTP: '1' }).WEB_PROTOCOL).toBe('http');
    // Development and tests keep http by default.
    expect(loadWebConfig({}).WEB_PROTOCOL).toBe('http');
    expect(loadWebConfig({ NODE_ENV: 'test' }).ALLOW_INSECURE_HTTP).toBe(false);
  });
});
