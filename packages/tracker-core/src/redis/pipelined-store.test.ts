// RedisStore with pipelinePerTurn: the announces of one event-loop turn leave as one
// pipeline, answers match MemoryStore's for the same order, an error stays with its
// announce, and NOSCRIPT mid-pipeline re-sends only the scripts that did not run.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { address4, address6, announce, INFO_HASH, MINUTE, OTHER_INFO_HASH, T0, TENANT } from '../contract/harness.js';
import { MemoryStore } from '../memory/memory-store.js';
import type { LedgerEntry, StoreAnnounceInput, StoreAnnounceResult } from '../store.js';
import { swarmKeys } from './keys.js';
import { RedisStore } from './redis-store.js';
import { deleteKeysWithPrefix, recordPipelines } from './redis.test-support.js';
import { SCRIPTS } from './scripts/index.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const keyPrefix = `test:tracker-core:${randomBytes(6).toString('hex')}:`;

beforeAll(async () => {
  await redis.connect();
});

// The pipelines counted below assume the script is cached (the NOSCRIPT test empties it).
beforeEach(async () => {
  await redis.script('LOAD', SCRIPTS.announce.source);
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, keyPrefix);
  await redis.quit();
});

/** Peers in two swarms, IPv4 and IPv6, seeders and leechers; `round` moves time and bytes on. */
function announces(count: number, round: number): StoreAnnounceInput[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    return announce({
      n,
      infoHash: n % 3 === 0 ? OTHER_INFO_HASH : INFO_HASH,
      compactAddress: n % 5 === 0 ? address6(n) : address4(n),
      left: n % 4 === 0 ? 0 : 1000,
      event: round === 0 ? 'started' : 'none',
      uploaded: round * 1000 * n,
      downloaded: round * 10 * n,
      numwant: 8,
      nowMs: T0 + round * 2 * MINUTE,
    });
  });
}

function comparable(result: StoreAnnounceResult): Record<string, unknown> {
  return { ...result, peers4: result.peers4.toString('hex'), peers6: result.peers6.toString('hex') };
}

/** What MemoryStore answers for the same announces taken one after another. */
async function referenceAnswers(memory: MemoryStore, inputs: readonly StoreAnnounceInput[]): Promise<Record<string, unknown>[]> {
  const answers: Record<string, unknown>[] = [];
  for (const input of inputs) answers.push(comparable(await memory.announce(input)));
  return answers;
}

function sorted(entries: readonly LedgerEntry[]): LedgerEntry[] {
  return [...entries].sort((a, b) => `${a.infoHash}${a.memberId}`.localeCompare(`${b.infoHash}${b.memberId}`));
}

function pipelinedStore(prefix: string, client: Redis): RedisStore {
  return new RedisStore({ redis: client, keyPrefix: `${keyPrefix}${prefix}:`, pipelinePerTurn: true });
}

describe('RedisStore with one pipeline per event-loop turn', () => {
  it('sends concurrent announces as one pipeline and answers each caller as if they came one by one', async () => {
    const recorded = recordPipelines(redis);
    const store = pipelinedStore('one-turn', recorded.client);
    const memory = new MemoryStore();
    for (const round of [0, 1]) {
      const inputs = announces(40, round);
      const answers = (await Promise.all(inputs.map((input) => store.announce(input)))).map(comparable);
      expect(answers).toEqual(await referenceAnswers(memory, inputs));
    }
    // Each pipeline: 40 scripts, each followed by its dirty-set SADD (and the swarm's
    // index ZADD on first sight); nothing went around the pipeline.
    expect(recorded.pipelines).toHaveLength(2);
    for (const commands of recorded.pipelines) {
      expect(commands.filter((name) => name === 'evalshaBuffer')).toHaveLength(40);
      expect(commands.filter((name) => name === 'sadd')).toHaveLength(40);
    }
    expect(recorded.pipelines[0]?.filter((name) => name === 'zadd')).toHaveLength(2);
    expect(recorded.direct).toEqual([]);
    const [fromRedis, fromMemory] = await Promise.all([
      store.beginDrain({ batchId: 'one-turn', limit: 10, nowMs: T0 + 5 * MINUTE }),
      memory.beginDrain({ batchId: 'one-turn', limit: 10, nowMs: T0 + 5 * MINUTE }),
    ]);
    expect(sorted(fromRedis.entries)).toEqual(sorted(fromMemory.entries));
    expect(fromRedis.entries.length).toBeGreaterThan(20);
  });

  it('rejects only the announces whose script failed', async () => {
    const recorded = recordPipelines(redis);
    const store = pipelinedStore('one-fails', recorded.client);
    // The other swarm's peer hash is a plain string: its scripts fail with WRONGTYPE.
    await redis.set(swarmKeys(`${keyPrefix}one-fails:`, TENANT, OTHER_INFO_HASH).peers, 'not a hash');
    const inputs = announces(12, 0);
    const outcomes = await Promise.allSettled(inputs.map((input) => store.announce(input)));
    inputs.forEach((input, position) => {
      const outcome = outcomes[position];
      if (input.infoHash === OTHER_INFO_HASH) {
        expect(outcome).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('WRONGTYPE') as unknown } });
      } else {
        expect(outcome).toMatchObject({ status: 'fulfilled', value: { complete: expect.any(Number) as unknown } });
      }
    });
    expect(recorded.pipelines).toHaveLength(1);
  });

  it('answers through a script cache flushed mid-pipeline and counts every delta once', async () => {
    const recorded = recordPipelines(redis);
    const store = pipelinedStore('noscript', recorded.client);
    const memory = new MemoryStore();
    const first = announces(10, 0);
    expect((await Promise.all(first.map((input) => store.announce(input)))).map(comparable)).toEqual(
      await referenceAnswers(memory, first),
    );
    // Scripts 0-3 of the next pipeline run; the cache is emptied; 4-9 get NOSCRIPT.
    recorded.flushScriptsInNextPipeline(4);
    const second = announces(10, 1);
    expect((await Promise.all(second.map((input) => store.announce(input)))).map(comparable)).toEqual(
      await referenceAnswers(memory, second),
    );
    // Only the six that did not run were sent again (as EVAL, which reloads the script),
    // together in the following turn.
    expect(recorded.pipelines.slice(1).map((commands) => commands.filter((name) => name.startsWith('eval')))).toEqual([
      Array.from({ length: 10 }, () => 'evalshaBuffer'),
      Array.from({ length: 6 }, () => 'evalBuffer'),
      [],
    ]);
    expect(await redis.script('EXISTS', SCRIPTS.announce.sha)).toEqual([1]);
    const [fromRedis, fromMemory] = await Promise.all([
      store.beginDrain({ batchId: 'noscript', limit: 10, nowMs: T0 + 5 * MINUTE }),
      memory.beginDrain({ batchId: 'noscript', limit: 10, nowMs: T0 + 5 * MINUTE }),
    ]);
    expect(sorted(fromRedis.entries)).toEqual(sorted(fromMemory.entries));
    expect(fromRedis.entries.reduce((total, entry) => total + entry.announces, 0)).toBe(20);
    expect(fromRedis.entries.reduce((total, entry) => total + entry.actualUploaded, 0)).toBe(1000 * 55);
  });
});
