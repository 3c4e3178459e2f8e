// Proves the key layout is Redis Cluster ready: every script call passes keys of a
// single slot, and no script touches a key it was not passed.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address6, announce, INFO_HASH, MINUTE, OTHER_INFO_HASH, SECOND, T0, TENANT, TTL_SECONDS } from '../contract/harness.js';
import { clusterKeySlot } from './cluster-slot.js';
import { RedisStore } from './redis-store.js';
import { deleteKeysWithPrefix } from './redis.test-support.js';
import { SCRIPTS } from './scripts/index.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const keyPrefix = `test:tracker-core:${randomBytes(6).toString('hex')}:`;

interface ScriptCall {
  readonly script: string;
  readonly keys: string[];
}

/** A client that records the keys of every EVALSHA/EVAL (Buffer variants) it forwards. */
function recordingClient(calls: ScriptCall[]): Redis {
  const scriptNames = new Map(Object.values(SCRIPTS).flatMap((script) => [[script.sha, script.name], [script.source, script.name]]));
  return new Proxy(redis, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if ((property !== 'evalshaBuffer' && property !== 'evalBuffer') || typeof value !== 'function') return value;
      return (script: string, keyCount: number, ...args: (string | Buffer)[]) => {
        calls.push({
          script: scriptNames.get(script) ?? 'unknown',
          keys: args.slice(0, keyCount).map(String),
        });
        return Reflect.apply(value, target, [script, keyCount, ...args]) as unknown;
      };
    },
  });
}

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, keyPrefix);
  await redis.quit();
});

describe('cluster hash slots', () => {
  it('keeps every key of every script call in one slot', async () => {
    const calls: ScriptCall[] = [];
    // What a Cluster client gets by default.
    const store = new RedisStore({ redis: recordingClient(calls), keyPrefix, sameSlotCalls: true });
    await store.announce(announce({ n: 1, left: 0 }));
    await store.announce(announce({ n: 2, compactAddress: address6(2) }));
    await store.announce(announce({ n: 3, infoHash: OTHER_INFO_HASH, event: 'completed', left: 0 }));
    await store.announce(announce({ n: 2, event: 'stopped', nowMs: T0 + MINUTE }));
    await store.scrape({ tenantId: TENANT, infoHashes: [INFO_HASH, OTHER_INFO_HASH], nowMs: T0, peerTtlSeconds: TTL_SECONDS });
    await store.beginDrain({ batchId: 'slots', limit: 10, nowMs: T0 });
    await store.pendingDrains(T0);
    await store.completeDrain('slots');
    await store.reapStale({ nowMs: T0 + TTL_SECONDS * SECOND + MINUTE });

    const exercised = new Set(calls.map((call) => call.script));
    expect([...exercised].sort()).toEqual(Object.values(SCRIPTS).map((script) => script.name).sort());
    for (const call of calls) {
      const slots = new Set(call.keys.map((key) => clusterKeySlot(key)));
      expect({ script: call.script, slots: slots.size }).toEqual({ script: call.script, slots: 1 });
      for (const key of call.keys) expect(key.startsWith(keyPrefix)).toBe(true);
    }
  });
});

/** Commands whose every argument is a key, and those whose first argument is. */
const ALL_KEYS = new Set(['DEL', 'RENAME', 'EXISTS']);
/** Locals that hold a key chosen among the aliases by Lua code reviewed below. */
const DERIVED_KEY_NAMES = new Set(['setKey', 'previousSet', 'nextSet']);

function keyAliases(source: string): Map<string, number> {
  const aliases = new Map<string, number>();
  // `KEYS[base + n]`: a script that takes the same keys for several swarms in turn.
  for (const match of source.matchAll(/local (\w+) = KEYS\[(?:base \+ )?(\d+)\]/g)) aliases.set(match[1] ?? '', Number(match[2]));
  return aliases;
}

function splitArguments(call: string): string[] {
  return call.split(',').map((part) => part.trim());
}

describe('drain calls on a single Redis', () => {
  it('move several swarms in one call, and in one call per slot when calls must stay in one', async () => {
    for (const sameSlotCalls of [false, true]) {
      const calls: ScriptCall[] = [];
      const prefix = `${keyPrefix}batch-${sameSlotCalls}:`;
      const store = new RedisStore({ redis: recordingClient(calls), keyPrefix: prefix, sameSlotCalls });
      await store.announce(announce({ n: 1 }));
      await store.announce(announce({ n: 2, infoHash: OTHER_INFO_HASH }));
      const batch = await store.beginDrain({ batchId: `batch-${sameSlotCalls}`, limit: 10, nowMs: T0 });
      expect(batch.swarms.map((swarm) => swarm.infoHash).sort()).toEqual([INFO_HASH, OTHER_INFO_HASH].sort());
      expect(batch.entries).toHaveLength(2);
      const moves = calls.filter((call) => call.script === 'move');
      expect(moves.map((call) => call.keys.length / 6)).toEqual(sameSlotCalls ? [1, 1] : [2]);
      await store.completeDrain(`batch-${sameSlotCalls}`);
      expect(await redis.keys(`${prefix}*:g:*`)).toEqual([]);
    }
  });
});

describe('Lua scripts use only the keys they are passed', () => {
  const keyCounts: Record<string, number> = { announce: 7, scrape: 7, reap: 7, unindexIfDue: 1, claim: 3, move: 6 };

  for (const script of Object.values(SCRIPTS)) {
    it(`${script.name}: every key argument is a KEYS alias`, () => {
      const aliases = keyAliases(script.source);
      const keyCount = keyCounts[script.name] ?? 0;
      expect(Math.max(...aliases.values())).toBeLessThanOrEqual(keyCount);
      // KEYS is read only in the alias lines, never indexed or concatenated elsewhere.
      expect(script.source.match(/KEYS\[/g)?.length).toBe(aliases.size);
      const allowed = new Set([...aliases.keys(), ...DERIVED_KEY_NAMES]);
      for (const match of script.source.matchAll(/redis\.call\('(\w+)',\s*([^)]*)\)/g)) {
        const command = match[1] ?? '';
        const args = splitArguments(match[2] ?? '');
        const keyArgs = ALL_KEYS.has(command) ? args : args.slice(0, 1);
        for (const keyArg of keyArgs) expect({ command, keyArg, allowed: allowed.has(keyArg) }).toMatchObject({ allowed: true });
      }
      // Derived key names are only ever bound to aliases (directly, via setOf, or a loop over aliases).
      for (const match of script.source.matchAll(/local (previousSet|nextSet) = (\w+)/g)) {
        expect(allowed.has(match[2] ?? '') || match[2] === 'setOf').toBe(true);
      }
      for (const match of script.source.matchAll(/return (\w+Key) end/g)) expect(aliases.has(match[1] ?? '')).toBe(true);
      for (const match of script.source.matchAll(/(?:sweepStale|pick)\((\w+),/g)) expect(allowed.has(match[1] ?? '')).toBe(true);
      for (const match of script.source.matchAll(/ipairs\(\{([^}]*)\}\)/g)) {
        for (const name of splitArguments(match[1] ?? '')) expect(aliases.has(name)).toBe(true);
      }
    });
  }
});
