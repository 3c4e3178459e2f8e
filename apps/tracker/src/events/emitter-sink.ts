// Publishes merged live events through @socket.io/redis-emitter to the rooms named in
// @swarmhost/events, where the real-time gateway's redis adapter picks them up.
import { Emitter } from '@socket.io/redis-emitter';
import { rooms, SWARM_UPDATE_EVENT, TENANT_STATS_EVENT } from '@swarmhost/events';
import type { Redis } from 'ioredis';
import type { EventSink } from './live-events';

export function emitterSink(redis: Redis): EventSink {
  const emitter = new Emitter(redis);
  return {
    swarmUpdate(update) {
      emitter.to(rooms.torrent(update.tenantId, update.torrentId)).emit(SWARM_UPDATE_EVENT, update);
    },
    tenantStats(stats) {
      emitter.to([rooms.tenantDashboard(stats.tenantId), rooms.operators()]).emit(TENANT_STATS_EVENT, stats);
    },
  };
}
