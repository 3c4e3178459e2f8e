import type { SwarmUpdate, TenantAnnounceStats } from '@swarmhost/events';
import { describe, expect, it } from 'vitest';
import { EventCollector, EventMerger, type EventSink } from './live-events';

function recordingSink() {
  const swarms: SwarmUpdate[] = [];
  const stats: TenantAnnounceStats[] = [];
    const batches: number[] = [];
  const sink: EventSink = {
    swarmUpdates: (updates) => {
      batches.push(updates.length);
      swarms.push(...updates);
    },
    tenantStats: (entry) => stats.push(entry),
  };
  return { sink, swarms, stats, batches };
}

const update = (seeders: number, at: number): SwarmUpdate => ({
  tenantId: 't1',
  torrentId: 'x',
  infoHash: 'a'.repeat(40),
  seeders,
  leechers: 1,
  timesCompleted: 0,
  at,
});

describe('live events', () => {
  it('publishes one update per torrent per window, the latest of every worker', () => {
    const first = new EventCollector();
    const second = new EventCollector();
    first.swarm(update(1, 10));
    first.swarm(update(2, 20));
    second.swarm(update(3, 15));
    first.announce('t1');
    second.announce('t1');
    second.failure('t1', 'min_interval');
    const merger = new EventMerger();
    merger.add(first.take());
    merger.add(second.take());
    const { sink, swarms, stats } = recordingSink();
    merger.publish(sink, 1000);
    expect(swarms.map((entry) => entry.seeders)).toEqual([2]);
    expect(stats).toEqual([
      { tenantId: 't1', windowStart: 1000, announces: 2, failures: 1, failuresByReason: { min_interval: 1 } },
    ]);
  });

  it('skips a torrent whose counts did not change since the last publication', () => {
    const merger = new EventMerger();
    const { sink, swarms, batches } = recordingSink();
    merger.add({ swarms: [update(2, 1)], tenants: {} });
    merger.publish(sink, 0);
    merger.add({ swarms: [update(2, 2)], tenants: {} });
    merger.publish(sink, 1000);
    merger.add({ swarms: [update(4, 3)], tenants: {} });
    merger.publish(sink, 2000);
    expect(swarms.map((entry) => entry.seeders)).toEqual([2, 4]);
    // The unchanged second sent no (empty) batch.
    expect(batches).toEqual([1, 1]);
  });
});
