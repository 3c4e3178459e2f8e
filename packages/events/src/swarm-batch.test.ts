import { describe, expect, it } from 'vitest';
import { publishSwarmBatch, publishTenantStats, SWARM_BATCH_EVENT, SWARM_BATCH_MAX_UPDATES, swarmBatchUpdates, TENANT_STATS_EVENT, type SwarmUpdate } from './index';

const update = (index: number): SwarmUpdate => ({ tenantId: 't1', torrentId: `x${index}`, infoHash: 'a'.repeat(40), seeders: index, leechers: 0, timesCompleted: 0, at: 1 });

function recorder() {
  const sent: [string, unknown[]][] = [];
  return { sent, emitter: { serverSideEmit: (event: string, ...args: unknown[]) => sent.push([event, args]) } };
}

describe('swarm batches', () => {
  it('sends one server-side emit per batch, split at the size bound, and nothing for no updates', () => {
    const { sent, emitter } = recorder();
    publishSwarmBatch(emitter, []);
    expect(sent).toEqual([]);
    const updates = Array.from({ length: SWARM_BATCH_MAX_UPDATES + 1 }, (_, index) => update(index));
    publishSwarmBatch(emitter, updates);
    expect(sent.map(([event]) => event)).toEqual([SWARM_BATCH_EVENT, SWARM_BATCH_EVENT]);
    expect(sent.flatMap(([, [batch]]) => swarmBatchUpdates(batch))).toEqual(updates);
  });

  it('keeps only well-formed updates of a received batch', () => {
    expect(swarmBatchUpdates(null)).toEqual([]);
    expect(swarmBatchUpdates({ updates: 'no' })).toEqual([]);
    expect(swarmBatchUpdates({ updates: [update(1), { tenantId: 't1' }, 7] })).toEqual([update(1)]);
  });

  it('sends tenant statistics as a server-side emit', () => {
    const { sent, emitter } = recorder();
    const stats = { tenantId: 't1', windowStart: 1, announces: 3, failures: 0, failuresByReason: {} };
    publishTenantStats(emitter, stats);
    expect(sent).toEqual([[TENANT_STATS_EVENT, [stats]]]);
  });
});
