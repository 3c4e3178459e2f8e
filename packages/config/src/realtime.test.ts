import { describe, expect, it } from 'vitest';
import { loadRealtimeConfig, loadRealtimeTokenConfig } from './index';

describe('loadRealtimeConfig', () => {
  it('fits a local machine by default', () => {
    const config = loadRealtimeConfig({});
    expect(config.REALTIME_PORT).toBe(3200);
    expect(config.REALTIME_ADAPTER_KEY).toBe('socket.io');
    expect(config.REALTIME_CORS_ORIGINS).toEqual([]);
  });

  it('refuses the development secret in production, naming the variable', () => {
    expect(() => loadRealtimeConfig({ NODE_ENV: 'production' })).toThrow(/REALTIME_TOKEN_SECRET: must be set/);
    expect(() => loadRealtimeTokenConfig({ NODE_ENV: 'production' })).toThrow(/REALTIME_TOKEN_SECRET/);
    expect(loadRealtimeTokenConfig({ NODE_ENV: 'production', REALTIME_TOKEN_SECRET: 'x'.repeat(40) }).REALTIME_TOKEN_SECRET).toHaveLength(40);
  });

  it('rejects a short secret and a bad port by name', () => {
    expect(() => loadRealtimeConfig({ REALTIME_TOKEN_SECRET: 'short' })).toThrow(/REALTIME_TOKEN_SECRET: must be at least 32/);
    expect(() => loadRealtimeConfig({ REALTIME_PORT: 'x' })).toThrow(/REALTIME_PORT/);
  });
});
