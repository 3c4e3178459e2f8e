import { decode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import type { LiveEmitter, ServerSideEmitter } from '../index';
import { createEmitter, REALTIME_STREAM_MAX_LENGTH, realtimeClusterNames } from './index';

function fakeRedis(fail = false) {
  const calls: { command: string; args: unknown[] }[] = [];
  const answer = () => (fail ? Promise.reject(new Error('redis down')) : Promise.resolve('1-0'));
  return {
    calls,
    redis: {
      xadd: (key: string, ...args: (string | number)[]) => (calls.push({ command: 'xadd', args: [key, ...args] }), answer()),
      publish: (channel: string, message: Buffer) => (calls.push({ command: 'publish', args: [channel, message] }), answer()),
    },
  };
}

describe('realtime emitter', () => {
  it('adds a broadcast to the stream in the streams adapter format, rooms and exceptions included', async () => {
    const { calls, redis } = fakeRedis();
    await createEmitter(redis, { key: 'k' }).to('a').to(['b', 'a']).except('c').emit('ev', { n: 1 });
    const [key, ...args] = calls[0]?.args ?? [];
    expect(key).toBe(realtimeClusterNames('k').streamName);
    expect(args.slice(0, 4)).toEqual(['MAXLEN', '~', REALTIME_STREAM_MAX_LENGTH, '*']);
    const fields = Object.fromEntries(Array.from({ length: (args.length - 4) / 2 }, (_, index) => [args[4 + 2 * index], args[5 + 2 * index]]));
    expect(fields).toMatchObject({ nsp: '/', type: '3' });
    expect(JSON.parse(String(fields.data))).toEqual({ packet: { type: 2, data: ['ev', { n: 1 }], nsp: '/' }, opts: { rooms: ['a', 'b'], except: ['c'], flags: {} } });
  });

  it('fits where the domain and publishSwarmBatch expect an emitter', () => {
    const emitter = createEmitter(fakeRedis().redis);
    const asLive: LiveEmitter = emitter;
    const asServerSide: ServerSideEmitter = emitter;
    expect(asLive).toBe(asServerSide);
  });

  it('publishes a server-side emit on the cluster channel, msgpack-encoded', async () => {
    const { calls, redis } = fakeRedis();
    await createEmitter(redis).serverSideEmit('swarm:batch', { updates: [] });
    expect(calls[0]?.args[0]).toBe(`${realtimeClusterNames().channelPrefix}#/#`);
    expect(decode(calls[0]?.args[1] as Buffer)).toMatchObject({ nsp: '/', type: 9, data: { packet: ['swarm:batch', { updates: [] }] } });
  });

  it('reports a refused publish to onError and never leaves an unobserved rejection', async () => {
    const { redis } = fakeRedis(true);
    const errors: unknown[] = [];
    const emitter = createEmitter(redis, { onError: (error) => errors.push(error) });
    void emitter.to('a').emit('ev');
    await expect(emitter.serverSideEmit('ev')).rejects.toThrow('redis down');
    expect(errors).toHaveLength(2);
  });
});
