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

describe('leading-edge throttle', () => {
  const forTorrent = (torrentId: string, seeders: number, at: number): SwarmUpdate => ({ ...update(seeders, at), torrentId });

  it('hands a torrent’s first change in a second over at once, later ones with the window', () => {
    let signals = 0;
    const collector = new EventCollector({ onFresh: () => (signals += 1) });
    collector.swarm(forTorrent('a', 1, 1000));
    collector.swarm(forTorrent('b', 1, 1001));
    expect(signals).toBe(1); // one signal until the fresh ones are taken
    expect(collector.takeFresh().map((entry) => entry.torrentId)).toEqual(['a', 'b']);
    collector.swarm(forTorrent('a', 2, 1500)); // within the second: waits for the window
    expect(collector.takeFresh()).toEqual([]);
    expect(collector.take().swarms.map((entry) => [entry.torrentId, entry.seeders])).toEqual([['a', 2]]);
    collector.swarm(forTorrent('a', 3, 2100)); // a second after the first: at once again
    expect(signals).toBe(2);
    expect(collector.takeFresh().map((entry) => entry.seeders)).toEqual([3]);
  });

  it('publishes a torrent at once when it was quiet for a second and holds it otherwise, so never two in a second', () => {
    const merger = new EventMerger();
    const { sink, swarms } = recordingSink();
    merger.add({ swarms: [forTorrent('a', 1, 10_000)], tenants: {} });
    merger.publishDue(sink, 10_000);
    expect(swarms.map((entry) => entry.seeders)).toEqual([1]);
    merger.add({ swarms: [forTorrent('a', 2, 10_300)], tenants: {} });
    merger.publishDue(sink, 10_300);
    merger.add({ swarms: [forTorrent('a', 3, 10_600)], tenants: {} });
    merger.publishDue(sink, 10_900);
    expect(swarms.map((entry) => entry.seeders)).toEqual([1]); // held: published 900 ms ago
    merger.publishDue(sink, 11_000);
    expect(swarms.map((entry) => entry.seeders)).toEqual([1, 3]); // the latest, once due
    merger.publishDue(sink, 12_500);
    expect(swarms).toHaveLength(2);
  });

  it('flushes held figures on shutdown', () => {
    const merger = new EventMerger();
    const { sink, swarms } = recordingSink();
    merger.add({ swarms: [forTorrent('a', 1, 0)], tenants: {} });
    merger.publishDue(sink, 0);
    merger.add({ swarms: [forTorrent('a', 2, 100)], tenants: {} });
    merger.publishAll(sink, 0, 200);
    expect(swarms.map((entry) => entry.seeders)).toEqual([1, 2]);
  });
});
