import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadTrackerEnv } from './env';

afterEach(() => vi.unstubAllEnvs());

describe('loadTrackerEnv', () => {
  it('names a trusted proxy that is neither an address nor a CIDR range', () => {
    vi.stubEnv('TRACKER_TRUSTED_PROXIES', '10.0.0.0/8, proxy.internal');
    expect(() => loadTrackerEnv()).toThrow(/TRACKER_TRUSTED_PROXIES: "proxy.internal" is neither/);
  });

  it('refuses /metrics on the public port', () => {
    vi.stubEnv('TRACKER_PORT', '7000');
    vi.stubEnv('TRACKER_METRICS_PORT', '7000');
    expect(() => loadTrackerEnv()).toThrow(/TRACKER_METRICS_PORT: must differ from TRACKER_PORT/);
  });

  it('keeps swarms in memory unless TRACKER_STORE says redis', () => {
    vi.stubEnv('TRACKER_STORE', '');
    expect(() => loadTrackerEnv()).toThrow(/TRACKER_STORE: must be "redis" or "memory" \(got ""\)/);
    vi.unstubAllEnvs();
    expect(loadTrackerEnv().TRACKER_STORE).toBe('memory');
    vi.stubEnv('TRACKER_STORE', 'redis');
    expect(loadTrackerEnv().TRACKER_STORE).toBe('redis');
  });

});
