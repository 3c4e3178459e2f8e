import { describe, expect, it } from 'vitest';
import { loadTrackerConfig } from './index';

describe('loadTrackerConfig', () => {
  it('listens dual-stack by default, so IPv6 and IPv4 clients are both heard', () => {
    expect(loadTrackerConfig({}).TRACKER_HOST).toBe('::');
    expect(loadTrackerConfig({ TRACKER_HOST: '0.0.0.0' }).TRACKER_HOST).toBe('0.0.0.0');
  });
});
