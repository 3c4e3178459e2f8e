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

  it('refuses TRACKER_STORE=redis now that the Redis swarm store is gone', () => {
    vi.stubEnv('TRACKER_STORE', 'redis');
    expect(() => loadTrackerEnv()).toThrow(/TRACKER_STORE: the Redis swarm store was removed; .*unset TRACKER_STORE \(got "redis"\)/);
    vi.stubEnv('TRACKER_STORE', 'memory');
    expect(() => loadTrackerEnv()).not.toThrow();
  });

});
