import { describe, expect, it } from 'vitest';
import { ConfigError, databaseUrls, loadTrackerConfig, parseEnv, port } from './index';

describe('parseEnv', () => {
  it('applies defaults on an empty environment', () => {
    const config = loadTrackerConfig({});
    expect(config.TRACKER_PORT).toBe(6969);
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/swarmhost');
    expect(config.TRACKER_TRUSTED_PROXIES).toEqual([]);
  });

  it('names the variable and the value that is wrong', () => {
    expect(() => loadTrackerConfig({ TRACKER_PORT: 'seventy' })).toThrow(ConfigError);
    expect(() => loadTrackerConfig({ TRACKER_PORT: '70000' })).toThrow(/TRACKER_PORT: must be 0-65535 \(got "70000"\)/);
    expect(() => loadTrackerConfig({ REDIS_URL: 'localhost' })).toThrow(/REDIS_URL: must be a redis:\/\/ URL/);
  });

  it('parses flags and lists', () => {
    const config = loadTrackerConfig({ TRACKER_UDP_ENABLED: 'off', TRACKER_TRUSTED_PROXIES: '10.0.0.1, 10.0.0.2' });
    expect(config.TRACKER_UDP_ENABLED).toBe(false);
    expect(config.TRACKER_TRUSTED_PROXIES).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('works with any shape', () => {
    expect(parseEnv({ P: port }, { P: '80' }).P).toBe(80);
  });
});

describe('databaseUrls', () => {
  it('derives the application and system roles from the owner URL', () => {
    const urls = databaseUrls({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/swarmhost' });
    expect(urls.app).toBe('postgresql://swarmhost_app@127.0.0.1:5432/swarmhost');
    expect(urls.system).toBe('postgresql://swarmhost_system@127.0.0.1:5432/swarmhost');
  });
});
