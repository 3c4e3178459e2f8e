// Listens where @socket.io/redis-emitter publishes (the gateways' adapter channels,
// `<key>#/#<room>#`) and decodes each packet, so a test sees exactly which event went
// to which room.
import { decode } from 'notepack.io';
import { Redis } from 'ioredis';

export interface Delivered {
  room: string;
  event: string;
  payload: unknown;
}

export class LiveSubscriber {
  readonly delivered: Delivered[] = [];
  private readonly redis: Redis;

  private constructor(
    redisUrl: string,
    private readonly key: string,
  ) {
    this.redis = new Redis(redisUrl);
    this.redis.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => {
      const room = channel.toString().slice(`${this.key}#/#`.length, -1);
      const [, packet] = decode(message) as [string, { data: [string, unknown] }];
      this.delivered.push({ room, event: packet.data[0], payload: packet.data[1] });
    });
  }

  static async start(redisUrl: string, key: string): Promise<LiveSubscriber> {
    const subscriber = new LiveSubscriber(redisUrl, key);
    await subscriber.redis.psubscribe(`${key}#/#*`);
    return subscriber;
  }

  to(room: string, event?: string): Delivered[] {
    return this.delivered.filter((entry) => entry.room === room && (event === undefined || entry.event === event));
  }

  close(): void {
    this.redis.disconnect();
  }
}
