import { describe, expect, it } from 'vitest';
import { batchRefusal, MAX_BATCH_CALLS } from './batch-policy';

const calls = (path: string, how: number) => Array.from({ length: how }, () => path).join(',');

describe('batch policy', () => {
  it('lets single calls and small batches of ordinary procedures through', () => {
    expect(batchRefusal('auth.login', false)).toBeNull();
    expect(batchRefusal(calls('torrents.list', MAX_BATCH_CALLS), true)).toBeNull();
  });

  it('refuses a batch larger than the cap, saying how large it may be', () => {
    expect(batchRefusal(calls('torrents.list', MAX_BATCH_CALLS + 1), true)).toMatch(`at most ${MAX_BATCH_CALLS} calls (this one has ${MAX_BATCH_CALLS + 1})`);
    expect(batchRefusal(calls('auth.login', 50), true)).toMatch(/at most 10 calls/);
  });

  it('never batches sign-in procedures, even two of them or one beside another call', () => {
    for (const path of ['auth.login', 'auth.secondFactor', 'auth.passkeyFinish', 'operator.login', 'operator.secondFactor']) {
      expect(batchRefusal(path, true)).toBe(`${path} cannot be batched; send it as a request of its own`);
      expect(batchRefusal(`torrents.list,${path}`, true)).toMatch(`${path} cannot be batched`);
    }
    expect(batchRefusal('operator.tenants,operator.hosts', true)).toBeNull();
  });
});
