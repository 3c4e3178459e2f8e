import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, recordPipelines } from './redis.test-support.js';
import { TurnPipeline } from './turn-pipeline.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const keyPrefix = `test:tracker-core:${randomBytes(6).toString('hex')}:`;
const ECHO = 'return ARGV[1]';

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, keyPrefix);
  await redis.quit();
});

describe('TurnPipeline', () => {
  it('sends every command of one event-loop turn as one pipeline and hands each caller its own reply', async () => {
    const recorded = recordPipelines(redis);
    const turn = new TurnPipeline(recorded.client);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, index) => turn.evalBuffer(ECHO, 0, `reply-${index}`)),
    );
    expect(replies).toEqual(Array.from({ length: 30 }, (_, index) => Buffer.from(`reply-${index}`)));
    expect(recorded.pipelines).toEqual([Array.from({ length: 30 }, () => 'evalBuffer')]);
    expect(recorded.direct).toEqual([]);
  });

  it('also gathers commands issued from ticks and promise continuations of the same turn', async () => {
    // Where auto-pipelining would already have flushed: announces arrive after awaits.
    const recorded = recordPipelines(redis);
    const turn = new TurnPipeline(recorded.client);
    const replies = await Promise.all([
      turn.evalBuffer(ECHO, 0, 'now'),
      new Promise((resolve) => process.nextTick(() => resolve(turn.evalBuffer(ECHO, 0, 'tick')))),
      Promise.resolve().then(() => turn.evalBuffer(ECHO, 0, 'microtask')),
      (async () => {
        await Promise.resolve();
        await Promise.resolve();
        return turn.evalBuffer(ECHO, 0, 'awaited');
      })(),
    ]);
    expect(replies.map(String)).toEqual(['now', 'tick', 'microtask', 'awaited']);
    expect(recorded.pipelines).toHaveLength(1);
  });

  it('starts a new pipeline for commands issued in a later turn', async () => {
    const recorded = recordPipelines(redis);
    const turn = new TurnPipeline(recorded.client);
    const set = `${keyPrefix}later-turn`;
    expect(await Promise.all([turn.sadd(set, 'a'), turn.sadd(set, 'a')])).toEqual([1, 0]);
    expect(await turn.zadd(`${keyPrefix}later-turn-index`, 'GT', 5, 'a')).toBe(1);
    expect(recorded.pipelines).toEqual([['sadd', 'sadd'], ['zadd']]);
  });

  it('rejects only the caller whose command failed', async () => {
    const recorded = recordPipelines(redis);
    const turn = new TurnPipeline(recorded.client);
    const notASet = `${keyPrefix}not-a-set`;
    await redis.set(notASet, 'plain string');
    const outcomes = await Promise.allSettled([
      turn.evalBuffer(ECHO, 0, 'before'),
      turn.sadd(notASet, 'member'),
      turn.evalBuffer('return redis.error_reply("boom")', 0),
      turn.evalBuffer(ECHO, 0, 'after'),
    ]);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: Buffer.from('before') });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('WRONGTYPE') as unknown } });
    expect(outcomes[2]).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('boom') as unknown } });
    expect(outcomes[3]).toEqual({ status: 'fulfilled', value: Buffer.from('after') });
    expect(recorded.pipelines).toHaveLength(1);
  });

  it('rejects every caller of a pipeline that could not be sent at all', async () => {
    const lost = new Error('Connection is closed.');
    const unreachable = { pipeline: () => ({ exec: () => Promise.reject(lost) }) } as unknown as Redis;
    const turn = new TurnPipeline(unreachable);
    const outcomes = await Promise.allSettled([turn.sadd('a', 'b'), turn.evalshaBuffer('0'.repeat(40), 0)]);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: lost },
      { status: 'rejected', reason: lost },
    ]);
  });
});
