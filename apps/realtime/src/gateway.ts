// The gateway process: an HTTP server (/healthz) carrying Socket.io, the Redis Streams
// adapter that makes several gateways one (broadcasts travel as stream entries whose ids
// are the offsets of connection state recovery; a disconnected client's session is
// parked in Redis, so it can be recovered by any gateway), the server-side events of the
// tracker (swarm batches, tenant stats), the bridge for publishers still on
// @socket.io/redis-emitter, the dashboard recorder, revocations (sockets end when their
// member's login or role changes, their tenant is suspended or their token expires
// unrefreshed), and a graceful close.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { countUnreadNotifications } from '@swarmhost/domain';
import { NOTIFICATION_COUNT_EVENT, SESSION_OFFSET_EVENT, type UnreadCount } from '@swarmhost/events';
import { REALTIME_STREAM_MAX_LENGTH, realtimeClusterNames } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { boundRecovery } from './bounded-recovery';
import { registerChatHandlers } from './chat-handlers';
import { registerDashboardHandlers } from './dashboard/dashboard-handlers';
import { DashboardRecorder } from './dashboard/dashboard-recorder';
import type { RealtimeEnv } from './env';
import type { Logger } from './log';
import { registerNotificationHandlers } from './notification-handlers';
import { identityRooms, tokenMiddleware } from './socket-auth';
import type { GatewayServer } from './socket-types';
import { TorrentTenantCache, registerTorrentSubscriptions } from './torrent-subscriptions';
import { LegacyEmitterBridge } from './legacy-emitter-bridge';
import { listenForRevocations, Revocations } from './revocations';
import { registerServerEvents } from './server-events';
import { registerBalanceRelay } from './balance-relay';
import { registerTokenLifetime } from './token-lifetime';

/** How long a disconnected client's session (rooms, identity, missed broadcasts) can be recovered. */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

export interface Gateway {
  readonly id: string;
  readonly io: GatewayServer;
  readonly port: number;
  readonly recorder: DashboardRecorder;
  close(): Promise<void>;
}

function healthHandler(state: { draining: boolean; io?: GatewayServer; id: string }) {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (request.url === '/healthz') {
      const memory = process.memoryUsage();
      const body = JSON.stringify({
        ok: !state.draining,
        gateway: state.id,
        connections: state.io?.engine.clientsCount ?? 0,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      });
      response.writeHead(state.draining ? 503 : 200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the gateway serves /socket.io/ and /healthz\n');
  };
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startGateway(env: RealtimeEnv, log: Logger): Promise<Gateway> {
  const id = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const state: { draining: boolean; io?: GatewayServer; id: string } = { draining: false, id };
  const httpServer = createServer(healthHandler(state));
  const redis = new Redis(env.REDIS_URL);
  // The adapter duplicates this client for its stream reader and its pub/sub subscriber.
  const adapterClient = new Redis(env.REDIS_URL);
  const clusterNames = realtimeClusterNames(env.REALTIME_ADAPTER_KEY);
  for (const client of [redis, adapterClient]) client.on('error', (error) => log.warn('Redis error', { error }));

  const io: GatewayServer = new Server(httpServer, {
    adapter: boundRecovery(
      createAdapter(adapterClient, {
        ...clusterNames,
        maxLen: REALTIME_STREAM_MAX_LENGTH,
        // Bounds how long a closing gateway waits for its blocked stream read.
        blockTimeInMs: 1000,
        // Every payload is JSON: skip the adapter's search for binary attachments.
        onlyPlaintext: true,
      }),
      { redis: adapterClient, streamName: clusterNames.streamName },
    ),
    // Middlewares run again on recovery: the token is checked and must be the same member's.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    cors: { origin: env.REALTIME_CORS_ORIGINS.length > 0 ? env.REALTIME_CORS_ORIGINS : true },
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: 64 * 1024,
  });
  state.io = io;

  const chat = { redis, keyPrefix: env.REALTIME_KEY_PREFIX, limits: { burst: env.REALTIME_CHAT_BURST, perMinute: env.REALTIME_CHAT_PER_MINUTE } };
  const recorder = new DashboardRecorder({ redis, keyPrefix: env.REALTIME_KEY_PREFIX, gatewayId: id, io, trackerMetricsUrl: env.REALTIME_TRACKER_METRICS_URL, log });
  const bridge = new LegacyEmitterBridge({ redisUrl: env.REDIS_URL, adapterKey: env.REALTIME_ADAPTER_KEY, io, listener: recorder, log });
  registerServerEvents(io, recorder);
  registerBalanceRelay(io, log);
  const cache = new TorrentTenantCache();
  const maxFollowed = env.REALTIME_MAX_SUBSCRIPTIONS;

  // Socket.io's memory advice: drop each connection's initial HTTP request (headers,
  // socket references) once engine.io holds the connection; the handshake survives.
  io.engine.on('connection', (rawSocket: { request: unknown }) => {
    rawSocket.request = null;
  });
  const revocations = new Revocations(redis, env.REALTIME_KEY_PREFIX);
  const tokenGate = { secret: env.REALTIME_TOKEN_SECRET, revocations, log };
  io.use(tokenMiddleware(tokenGate));
  io.on('connection', (socket) => {
    void socket.join(identityRooms(socket));
    if (revocations.admittedDuringRevocation(socket.data.identity, socket.data.issuedAtMs)) {
      socket.disconnect(true);
      return;
    }
    registerTokenLifetime(socket, tokenGate);
    registerTorrentSubscriptions(socket, { cache, maxFollowed, log });
    registerChatHandlers(socket, { chat, emitter: io, maxFollowed, log });
    registerNotificationHandlers(socket, { emitter: io, log });
    registerDashboardHandlers(socket, { recorder, log });
    // With recovery on, every emit travels through the stream and carries its offset: a new
    // session's first packet (the unread count, or session:offset) makes it recoverable at once.
    const { tenantId, memberId, role } = socket.data.identity;
    const offsetOnly = () => socket.emit(SESSION_OFFSET_EVENT, {});
    if (tenantId !== null && role !== 'operator') {
      countUnreadNotifications({ tenantId, memberId }).then(
        (unread) => socket.emit(NOTIFICATION_COUNT_EVENT, { unread } satisfies UnreadCount),
        (error: unknown) => {
          log.warn('unread count failed', { error });
          if (!socket.recovered) offsetOnly();
        },
      );
    } else if (!socket.recovered) offsetOnly();
  });

  await bridge.start();
  const revocationListener = await listenForRevocations({ redisUrl: env.REDIS_URL, io, revocations, log });
  recorder.start();
  const port = await listen(httpServer, env.REALTIME_PORT, env.REALTIME_HOST);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      state.draining = true;
      await recorder.close().catch(() => undefined);
      await bridge.close();
      revocationListener.disconnect();
      // Disconnects every socket (their clients reconnect to another gateway, where their
      // parked sessions are recovered) and closes the HTTP server and the adapter.
      await io.close();
      redis.disconnect();
      // QUIT, not disconnect: the sessions parked by io.close() are still being written.
      await adapterClient.quit().catch(() => undefined);
    })();
    return closing;
  };
  return { id, io, port, recorder, close };
}
