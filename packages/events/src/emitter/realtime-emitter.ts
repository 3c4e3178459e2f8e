// Publishes to the real-time gateways from any other process (tracker, worker, site),
// in the wire format of @socket.io/redis-streams-adapter, for which no emitter package
// exists: a broadcast is one entry of the shared stream (so a client that was briefly
// away gets it when its session is recovered), a server-side emit one pub/sub message
// that every gateway process receives once.
import { encode } from '@msgpack/msgpack';
import { DEFAULT_ADAPTER_KEY, REALTIME_STREAM_MAX_LENGTH, realtimeClusterNames } from './cluster-names';

/** socket.io-adapter's ClusterAdapter message types (MessageType.BROADCAST, SERVER_SIDE_EMIT). */
const BROADCAST = 3;
const SERVER_SIDE_EMIT = 9;
/** socket.io-parser's EVENT packet type. */
const EVENT_PACKET = 2;
/** Sender id of emitter messages: adapters ignore only their own random uid, never this one. */
const EMITTER_UID = 'swarmhost-emitter';

/** The two Redis commands an emitter needs; an ioredis `Redis` (or `Cluster`) fits. */
export interface EmitterRedis {
  xadd(key: string, ...args: (string | number)[]): Promise<unknown>;
  publish(channel: string, message: Buffer): Promise<unknown>;
}

export interface RealtimeEmitterOptions {
  /** REALTIME_ADAPTER_KEY of the gateways; `socket.io` by default. */
  key?: string;
  /** Called when Redis refuses a publish; emits never reject unobserved. */
  onError?: (error: unknown) => void;
}

interface Target {
  rooms: ReadonlySet<string>;
  except: ReadonlySet<string>;
}

/** A room selection, as `emitter.to(room)` returns; chain `to`/`except`, then `emit`. */
export class RealtimeBroadcast {
  constructor(
    private readonly emitter: RealtimeEmitter,
    private readonly target: Target,
  ) {}

  to(room: string | readonly string[]): RealtimeBroadcast {
    return new RealtimeBroadcast(this.emitter, { ...this.target, rooms: new Set([...this.target.rooms, ...roomList(room)]) });
  }

  in(room: string | readonly string[]): RealtimeBroadcast {
    return this.to(room);
  }

  except(room: string | readonly string[]): RealtimeBroadcast {
    return new RealtimeBroadcast(this.emitter, { ...this.target, except: new Set([...this.target.except, ...roomList(room)]) });
  }

  /** Sends `event` to every socket in the rooms (all sockets when none), on every gateway. JSON payloads only. */
  emit(event: string, ...args: unknown[]): Promise<unknown> {
    return this.emitter.broadcast(this.target, event, args);
  }
}

function roomList(room: string | readonly string[]): readonly string[] {
  return typeof room === 'string' ? [room] : room;
}

export class RealtimeEmitter {
  private readonly names;
  private readonly serverSideChannel: string;
  private readonly nsp = '/';

  constructor(
    private readonly redis: EmitterRedis,
    private readonly options: RealtimeEmitterOptions = {},
  ) {
    this.names = realtimeClusterNames(options.key ?? DEFAULT_ADAPTER_KEY);
    this.serverSideChannel = `${this.names.channelPrefix}#${this.nsp}#`;
  }

  to(room: string | readonly string[]): RealtimeBroadcast {
    return new RealtimeBroadcast(this, { rooms: new Set(roomList(room)), except: new Set() });
  }

  in(room: string | readonly string[]): RealtimeBroadcast {
    return this.to(room);
  }

  except(room: string | readonly string[]): RealtimeBroadcast {
    return new RealtimeBroadcast(this, { rooms: new Set(), except: new Set(roomList(room)) });
  }

  /** Sends `event` to every connected socket. */
  emit(event: string, ...args: unknown[]): Promise<unknown> {
    return this.broadcast({ rooms: new Set(), except: new Set() }, event, args);
  }

  /**
   * Hands `event` to the server-side listeners (`io.on(event, …)`) of every gateway
   * process, once each; nothing reaches a browser unless a listener emits it.
   */
  serverSideEmit(event: string, ...args: unknown[]): Promise<unknown> {
    const message = { uid: EMITTER_UID, nsp: this.nsp, type: SERVER_SIDE_EMIT, data: { packet: [event, ...args] } };
    const payload = encode(message);
    return this.observe(this.redis.publish(this.serverSideChannel, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)));
  }

  /** @internal used by RealtimeBroadcast */
  broadcast(target: Target, event: string, args: unknown[]): Promise<unknown> {
    const data = JSON.stringify({
      packet: { type: EVENT_PACKET, data: [event, ...args], nsp: this.nsp },
      opts: { rooms: [...target.rooms], except: [...target.except], flags: {} },
    });
    const fields = ['uid', EMITTER_UID, 'nsp', this.nsp, 'type', String(BROADCAST), 'data', data];
    return this.observe(this.redis.xadd(this.names.streamName, 'MAXLEN', '~', REALTIME_STREAM_MAX_LENGTH, '*', ...fields));
  }

  private observe(sent: Promise<unknown>): Promise<unknown> {
    sent.catch((error: unknown) => this.options.onError?.(error));
    return sent;
  }
}

/** The emitter every process uses to reach browsers through the gateways. */
export function createEmitter(redis: EmitterRedis, options: RealtimeEmitterOptions = {}): RealtimeEmitter {
  return new RealtimeEmitter(redis, options);
}
