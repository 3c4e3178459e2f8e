// Keeps publishers on @socket.io/redis-emitter (pub/sub: the worker, the site) reaching
// browsers while they move to createEmitter from @swarmhost/events/emitter (the gateways'
// Redis Streams adapter does not read those channels). Every gateway process listens and
// delivers locally, so each socket gets an event once: broadcasts to their rooms,
// server-side emits (swarm batches, tenant stats) to the handlers the adapter feeds.
// Events that arrive this way carry no stream offset: a recovered session cannot replay them.
import { decode } from 'notepack.io';
import { Redis } from 'ioredis';
import type { Logger } from './log';
import { handleServerEvent, type TenantStatsListener } from './server-events';
import type { GatewayServer } from './socket-types';

/** @socket.io/redis-emitter's request type of serverSideEmit. */
const LEGACY_SERVER_SIDE_EMIT = 6;

interface LegacyBroadcast {
  packet: { type: number; data: unknown[]; nsp: string };
  opts: { rooms?: string[]; except?: string[]; flags?: { volatile?: boolean } };
}

function readBroadcast(message: Buffer): LegacyBroadcast | undefined {
  try {
    const decoded = decode(message) as unknown;
    if (!Array.isArray(decoded)) return undefined;
    const [, packet, opts] = decoded as [unknown, LegacyBroadcast['packet'] | undefined, LegacyBroadcast['opts'] | undefined];
    if (packet?.type !== 2 || packet.nsp !== '/' || !Array.isArray(packet.data) || typeof packet.data[0] !== 'string') return undefined;
    return { packet, opts: opts ?? {} };
  } catch {
    return undefined;
  }
}

export class LegacyEmitterBridge {
  private readonly subscriber: Redis;
  private readonly broadcastPattern: string;
  private readonly requestChannel: string;

  constructor(
    private readonly options: { redisUrl: string; adapterKey: string; io: GatewayServer; listener: TenantStatsListener; log: Logger },
  ) {
    this.broadcastPattern = `${options.adapterKey}#/#*`;
    this.requestChannel = `${options.adapterKey}-request#/#`;
    this.subscriber = new Redis(options.redisUrl, { lazyConnect: true });
    this.subscriber.on('error', (error) => options.log.warn('legacy emitter bridge Redis error', { error }));
    this.subscriber.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => this.onBroadcast(message));
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      if (channel.toString() === this.requestChannel) this.onRequest(message);
    });
  }

  async start(): Promise<void> {
    await this.subscriber.connect();
    await this.subscriber.psubscribe(this.broadcastPattern);
    await this.subscriber.subscribe(this.requestChannel);
  }

  private onBroadcast(message: Buffer): void {
    const broadcast = readBroadcast(message);
    if (!broadcast) return;
    const [event, ...args] = broadcast.packet.data as [string, ...unknown[]];
    const { rooms = [], except = [], flags = {} } = broadcast.opts;
    let target = this.options.io.local;
    if (rooms.length > 0) target = target.to(rooms);
    if (except.length > 0) target = target.except(except);
    if (flags.volatile === true) target = target.volatile;
    target.emit(event, ...args);
  }

  private onRequest(message: Buffer): void {
    try {
      const request = JSON.parse(message.toString()) as { type?: unknown; data?: unknown };
      if (request.type !== LEGACY_SERVER_SIDE_EMIT || !Array.isArray(request.data)) return;
      const [event, payload] = request.data as [unknown, unknown];
      handleServerEvent(this.options.io, this.options.listener, event, payload);
    } catch {
      // not a request of ours
    }
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
  }
}
