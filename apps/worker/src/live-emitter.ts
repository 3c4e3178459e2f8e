// Live events leave the worker through @socket.io/redis-emitter on its own Redis
// connection, keyed like the gateways' adapter (REALTIME_ADAPTER_KEY).
import { Emitter } from '@socket.io/redis-emitter';
import type { LiveEmitter } from '@swarmhost/events';
import type { Redis } from 'ioredis';

export function createLiveEmitter(redis: Redis, key: string): LiveEmitter {
  return new Emitter(redis, { key });
}
