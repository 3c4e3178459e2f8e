import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './index';

describe('loadWorkerConfig', () => {
  it('fits a local machine by default', () => {
    const config = loadWorkerConfig({});
    expect(config).toMatchObject({ WORKER_QUEUE_PREFIX: 'swarmhost:bull', WORKER_CONCURRENCY: 5, WORKER_OUTBOX_POLL_MS: 500, WORKER_OUTBOX_BATCH: 100, WORKER_ACCRUAL_PERIOD_SECONDS: 3600, WORKER_HIT_AND_RUN_INTERVAL_SECONDS: 900, WORKER_REQUEST_FILLS_INTERVAL_SECONDS: 600 });
    expect(config.REALTIME_ADAPTER_KEY).toBe('socket.io');
    expect(config).toMatchObject({ WORKER_HEALTH_PORT: 0, WORKER_HEALTH_HOST: '127.0.0.1' });
  });

  it('names a bad value', () => {
    expect(() => loadWorkerConfig({ WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY: must be at least 1/);
    expect(() => loadWorkerConfig({ WORKER_OUTBOX_POLL_MS: 'soon' })).toThrow(/WORKER_OUTBOX_POLL_MS/);
    expect(() => loadWorkerConfig({ WORKER_OUTBOX_BATCH: '5000' })).toThrow(/WORKER_OUTBOX_BATCH: must be at most 1000/);
    expect(() => loadWorkerConfig({ WORKER_ACCRUAL_PERIOD_SECONDS: '7000' })).toThrow(/WORKER_ACCRUAL_PERIOD_SECONDS: must divide a day/);
    expect(() => loadWorkerConfig({ WORKER_ACCRUAL_PERIOD_SECONDS: '30' })).toThrow(/WORKER_ACCRUAL_PERIOD_SECONDS: must be at least 60/);
    expect(() => loadWorkerConfig({ WORKER_HIT_AND_RUN_INTERVAL_SECONDS: '10' })).toThrow(/WORKER_HIT_AND_RUN_INTERVAL_SECONDS: must be at least 60/);
    expect(() => loadWorkerConfig({ WORKER_REQUEST_FILLS_INTERVAL_SECONDS: 'soon' })).toThrow(/WORKER_REQUEST_FILLS_INTERVAL_SECONDS/);
    expect(() => loadWorkerConfig({ WORKER_HEALTH_PORT: '70000' })).toThrow(/WORKER_HEALTH_PORT: must be 0-65535/);
  });
});
