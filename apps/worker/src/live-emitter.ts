// Live events leave the worker through the gateways' emitter (@swarmhost/events/emitter)
// on its own Redis connection, keyed like their adapter (REALTIME_ADAPTER_KEY): a
// broadcast is an entry of the shared stream, so a browser that was briefly away still
// gets it when its session is recovered.
import type { LiveEmitter, ServerSideEmitter } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import type { Redis } from 'ioredis';

export function createLiveEmitter(redis: Redis, key: string): LiveEmitter & ServerSideEmitter {
  return createEmitter(redis, { key });
}
