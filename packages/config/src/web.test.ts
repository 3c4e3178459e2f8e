import { describe, expect, it } from 'vitest';
import { loadWebConfig } from './index';

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

  it('reads the tracker key prefix the tracker uses, refusing braces', () => {
    expect(loadWebConfig({}).TRACKER_KEY_PREFIX).toBe('tracker:');
    expect(loadWebConfig({ TRACKER_KEY_PREFIX: 'prod-tracker:' }).TRACKER_KEY_PREFIX).toBe('prod-tracker:');
    expect(() => loadWebConfig({ TRACKER_KEY_PREFIX: 'a{b}' })).toThrow(/TRACKER_KEY_PREFIX: must not contain braces/);
  });

  it('rejects an unknown protocol by name', () => {
    expect(() => loadWebConfig({ WEB_PROTOCOL: 'ftp' })).toThrow(/WEB_PROTOCOL/);
  });
});
