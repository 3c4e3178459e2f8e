// Listens to what the tracker publishes through @socket.io/redis-emitter (the same
// Redis channels the adapter reads) so the gateway can also use those events itself:
// swarm updates are relayed to this process's browse-list sockets, per-tenant announce
// stats feed the dashboard recorder. Delivery to torrent rooms needs none of this: the
// adapter already does it.
import { decode } from 'notepack.io';
import { Redis } from 'ioredis';
import { SWARM_UPDATE_EVENT, TENANT_STATS_EVENT, gatewayRooms, type SwarmUpdate, type TenantAnnounceStats } from '@swarmhost/events';
import type { Logger } from './log';
import type { GatewayServer } from './socket-types';

export interface TapListener {
  tenantStats(stats: TenantAnnounceStats): void;
}

function isSwarmUpdate(value: unknown): value is SwarmUpdate {
  return typeof value === 'object' && value !== null && typeof (value as SwarmUpdate).tenantId === 'string' && typeof (value as SwarmUpdate).torrentId === 'string';
}

function isTenantStats(value: unknown): value is TenantAnnounceStats {
  return typeof value === 'object' && value !== null && typeof (value as TenantAnnounceStats).tenantId === 'string' && typeof (value as TenantAnnounceStats).announces === 'number';
}

export class TrackerTap {
  private readonly subscriber: Redis;

  constructor(
    private readonly options: { redisUrl: string; adapterKey: string; io: GatewayServer; listener: TapListener; log: Logger },
  ) {
    this.subscriber = new Redis(options.redisUrl, { lazyConnect: true });
    this.subscriber.on('error', (error) => options.log.warn('tracker tap Redis error', { error }));
    this.subscriber.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => this.onMessage(message));
  }

  async start(): Promise<void> {
    await this.subscriber.connect();
    await this.subscriber.psubscribe(`${this.options.adapterKey}#/#*`);
  }

  private onMessage(message: Buffer): void {
    let packet: unknown;
    try {
      packet = (decode(message) as unknown[])[1];
    } catch {
      return;
    }
    const data = (packet as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data)) return;
    const [event, payload] = data as [unknown, unknown];
    if (event === SWARM_UPDATE_EVENT && isSwarmUpdate(payload)) {
      this.options.io.local.to(gatewayRooms.tenantSwarms(payload.tenantId)).emit(SWARM_UPDATE_EVENT, payload);
    } else if (event === TENANT_STATS_EVENT && isTenantStats(payload)) {
      this.options.listener.tenantStats(payload);
    }
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
  }
}
