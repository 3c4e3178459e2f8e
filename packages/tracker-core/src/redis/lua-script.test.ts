import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNoScript, LuaScript } from './lua-script.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  await redis.quit();
});

describe('LuaScript', () => {
  it('falls back to EVAL when the server does not know the script, then EVALSHA works', async () => {
    // A source no server has seen, so EVALSHA must answer NOSCRIPT first.
    const script = new LuaScript('echo', `-- ${randomBytes(8).toString('hex')}\nreturn { ARGV[1], 7 }`);
    await expect(script.evalsha(redis, [], ['x'])).rejects.toSatisfy(isNoScript);
    const binary = Buffer.from([0, 255, 10, 13]);
    expect(await script.run(redis, [], [binary])).toEqual([binary, 7]);
    expect(await script.evalsha(redis, [], ['y'])).toEqual([Buffer.from('y'), 7]);
  });
});
