// Publishes the merged second to the real-time gateways: all changed swarm figures as
// one server-side batch (each gateway hands them to its own sockets in the torrent and
// browse rooms) and one stats message per tenant, through @swarmhost/events' emitter.
import { publishSwarmBatch, publishTenantStats } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import type { Redis } from 'ioredis';
import type { EventSink } from './live-events';

export interface EmitterSinkOptions {
  /** The gateways' REALTIME_ADAPTER_KEY. */
  readonly adapterKey?: string;
  readonly onError?: (error: unknown) => void;
}

export function emitterSink(redis: Redis, options: EmitterSinkOptions = {}): EventSink {
  const emitter = createEmitter(redis, {
    ...(options.adapterKey !== undefined ? { key: options.adapterKey } : {}),
    ...(options.onError !== undefined ? { onError: options.onError } : {}),
  });
  return {
    swarmUpdates(updates) {
      publishSwarmBatch(emitter, updates);
    },
    tenantStats(stats) {
      publishTenantStats(emitter, stats);
    },
  };
}
