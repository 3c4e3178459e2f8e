// Reads what the worker's emitter broadcasts to browsers: the entries it adds to the
// gateways' Redis stream (`<key>-stream`, the Streams adapter's wire format), so a test
// sees exactly which event went to which room.
import { realtimeClusterNames } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';

export interface Delivered {
  room: string;
  event: string;
  payload: unknown;
}

interface BroadcastData {
  packet: { data: [string, unknown] };
  opts: { rooms: string[] };
}

export class LiveSubscriber {
  readonly delivered: Delivered[] = [];
  private readonly redis: Redis;
  private readonly stream: string;
  private lastId = '$';
  private closed = false;
  private reading: Promise<void> = Promise.resolve();

  private constructor(redisUrl: string, key: string) {
    this.redis = new Redis(redisUrl);
    this.stream = realtimeClusterNames(key).streamName;
  }

  static async start(redisUrl: string, key: string): Promise<LiveSubscriber> {
    const subscriber = new LiveSubscriber(redisUrl, key);
    // Start after the stream's current end: earlier runs' entries are not ours.
    const last = await subscriber.redis.xrevrange(subscriber.stream, '+', '-', 'COUNT', 1);
    subscriber.lastId = last[0]?.[0] ?? '0-0';
    subscriber.reading = subscriber.read();
    return subscriber;
  }

  private async read(): Promise<void> {
    while (!this.closed) {
      const reply = await this.redis.xread('COUNT', 100, 'BLOCK', 100, 'STREAMS', this.stream, this.lastId).catch(() => null);
      for (const [, entries] of reply ?? []) {
        for (const [id, fields] of entries) {
          this.lastId = id;
          const data = fields[fields.indexOf('data') + 1];
          if (data === undefined) continue;
          const broadcast = JSON.parse(data) as BroadcastData;
          const [event, payload] = broadcast.packet.data;
          for (const room of broadcast.opts.rooms) this.delivered.push({ room, event, payload });
        }
      }
    }
  }

  to(room: string, event?: string): Delivered[] {
    return this.delivered.filter((entry) => entry.room === room && (event === undefined || entry.event === event));
  }

  close(): void {
    this.closed = true;
    void this.reading.finally(() => this.redis.disconnect());
  }
}
