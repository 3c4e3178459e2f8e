// The tracker's HTTP/1.1 server on bare node:net: node:http's per-request objects and
// header maps cost about 40 % of the new-connection rate (DESIGN.md budget), and a
// tracker needs only one GET line. Keep-alive, `Connection: close`, pipelining (answered
// in order, one at a time), a head size limit, idle/head timeouts swept by one shared
// timer, and write backpressure: while a client leaves answers unread, the connection
// stops reading (and so answering) until the socket drains, so memory stays bounded.
import { createServer, type Server, type Socket } from 'node:net';
import { clientAddress, normaliseAddress, TrustedProxies, type ClientAddress } from './client-address';
import { parseRequestHead } from './request-head';
import { serializeAnswer, type HttpAnswer } from './response';

export interface HttpRequest {
  readonly method: string;
  readonly target: string;
  readonly client: ClientAddress;
  /** The socket's own peer (a proxy's address when X-Forwarded-For was trusted). */
  readonly peer: ClientAddress;
}

export type RequestHandler = (request: HttpRequest) => HttpAnswer | Promise<HttpAnswer>;

export interface HttpServerOptions {
  readonly handler: RequestHandler;
  /** The bencoded `failure reason` answer for requests that never reach the handler. */
  readonly failure: (reason: string) => HttpAnswer;
  readonly trustedProxies?: readonly string[];
  /** Called for every request refused at the HTTP layer (logged at warn by the caller). */
  readonly onBadRequest?: (reason: string, remoteAddress: string | undefined) => void;
  readonly onHandlerError?: (error: unknown) => void;
  /** Called each time a connection stops reading because its answers are not being read. */
  readonly onBackpressure?: () => void;
  readonly idleTimeoutMs?: number;
  readonly headTimeoutMs?: number;
}

export interface TrackerHttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, lets in-flight requests finish, then closes every connection. */
  drain(timeoutMs: number): Promise<void>;
  connectionCount(): number;
}

/**
 * Received bytes we hold for one connection while an earlier pipelined request runs or
 * its answers wait to drain; past this the connection stops reading (TCP pushes back).
 */
const MAX_PENDING_BYTES = 64 * 1024;

class Connection {
  pending: Buffer | undefined = undefined;
  busy = false;
  /** Reading is paused until the socket's write buffer drains. */
  waitingForDrain = false;
  closed = false;
  /** Set while a head is partly received, so the sweep can enforce the head timeout. */
  headStartedAt = 0;
  lastActivity: number;
  /** The socket's peer, normalised once per connection (getpeername is a syscall). */
  peer: ClientAddress | undefined = undefined;

  constructor(
    readonly socket: Socket,
    now: number,
  ) {
    this.lastActivity = now;
  }
}

export function createHttpServer(options: HttpServerOptions): TrackerHttpServer {
  const trusted = new TrustedProxies(options.trustedProxies ?? []);
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const headTimeoutMs = options.headTimeoutMs ?? 10_000;
  const connections = new Set<Connection>();
  const bySocket = new WeakMap<Socket, Connection>();
  let draining = false;
  let coarseNow = Date.now();

  function respond(connection: Connection, answer: HttpAnswer, keepAlive: boolean): void {
    if (connection.closed) return;
    const stayOpen = keepAlive && !draining;
    const bytes = serializeAnswer(answer, stayOpen);
    if (stayOpen) {
      connection.socket.write(bytes);
    } else {
      connection.closed = true;
      connection.pending = undefined;
      connection.socket.end(bytes);
    }
  }

  function refuse(connection: Connection, reason: string): void {
    options.onBadRequest?.(reason, connection.socket.remoteAddress);
    respond(connection, options.failure(reason), false);
  }

  function process(connection: Connection): void {
    let buffer = connection.pending;
    let offset = 0;
    while (buffer !== undefined && offset < buffer.length && !connection.busy && !connection.closed) {
      if (connection.socket.writableNeedDrain) {
        waitForDrain(connection);
        break;
      }
      const head = parseRequestHead(buffer, offset);
      if (head === 'incomplete') break;
      if (head === 'too-large') return refuse(connection, 'request head too large (limit 8 KiB)');
      if (head === 'malformed') return refuse(connection, 'malformed HTTP request line or header');
      offset += head.length;
      connection.headStartedAt = 0;
      if (head.hasBody) return refuse(connection, 'request bodies are not accepted: send a GET without a body');
      connection.peer ??= normaliseAddress(connection.socket.remoteAddress ?? '');
      const peer = connection.peer;
      if (peer === undefined) return refuse(connection, 'unknown client address');
      const client = head.forwardedFor === undefined ? peer : clientAddress(peer, head.forwardedFor, trusted);
      let result: HttpAnswer | Promise<HttpAnswer>;
      try {
        result = options.handler({ method: head.method, target: head.target, client, peer });
      } catch (error) {
        options.onHandlerError?.(error);
        result = options.failure('internal tracker error, please retry later');
      }
      if (result instanceof Promise) {
        connection.busy = true;
        const keepAlive = head.keepAlive;
        result.then(
          (answer) => finishAsync(connection, answer, keepAlive),
          (error: unknown) => {
            options.onHandlerError?.(error);
            finishAsync(connection, options.failure('internal tracker error, please retry later'), keepAlive);
          },
        );
      } else {
        respond(connection, result, head.keepAlive);
      }
    }
    if (connection.closed || buffer === undefined) return;
    if (offset >= buffer.length) {
      connection.pending = undefined;
    } else {
      if (offset > 0) buffer = buffer.subarray(offset);
      connection.pending = buffer;
      if (!connection.busy && !connection.waitingForDrain && connection.headStartedAt === 0) connection.headStartedAt = coarseNow;
    }
    if (connection.socket.writableNeedDrain) waitForDrain(connection);
    else updateReading(connection);
  }

  /** Reads only while answers drain and the requests waiting their turn are few. */
  function updateReading(connection: Connection): void {
    if (connection.closed) return;
    const full = connection.waitingForDrain || (connection.pending?.length ?? 0) > MAX_PENDING_BYTES;
    if (full && !connection.socket.isPaused()) connection.socket.pause();
    else if (!full && connection.socket.isPaused()) connection.socket.resume();
  }

  /** Stops reading until the client has read what we wrote; requests already received wait. */
  function waitForDrain(connection: Connection): void {
    if (connection.waitingForDrain) return;
    connection.waitingForDrain = true;
    connection.socket.pause();
    connection.socket.once('drain', onDrain);
    options.onBackpressure?.();
  }

  function finishAsync(connection: Connection, answer: HttpAnswer, keepAlive: boolean): void {
    connection.busy = false;
    respond(connection, answer, keepAlive);
    if (connection.pending !== undefined) process(connection);
    else if (draining && !connection.closed) closeConnection(connection);
  }

  function closeConnection(connection: Connection): void {
    connection.closed = true;
    connection.socket.end();
  }

  // Listeners are shared functions (no per-connection closures); `this` is the socket.
  function onData(this: Socket, chunk: Buffer): void {
    const connection = bySocket.get(this);
    if (connection === undefined || connection.closed) return;
    connection.lastActivity = coarseNow;
    connection.pending = connection.pending === undefined ? chunk : Buffer.concat([connection.pending, chunk]);
    if (!connection.busy && !connection.waitingForDrain) process(connection);
    else updateReading(connection);
  }

  function onDrain(this: Socket): void {
    const connection = bySocket.get(this);
    if (connection === undefined || connection.closed) return;
    connection.waitingForDrain = false;
    connection.lastActivity = coarseNow;
    if (!connection.busy && connection.pending !== undefined) process(connection);
    else updateReading(connection);
  }

  function onClose(this: Socket): void {
    const connection = bySocket.get(this);
    if (connection === undefined) return;
    connection.closed = true;
    connections.delete(connection);
    if (draining && connections.size === 0) drainWaiter?.();
  }

  function onError(this: Socket): void {
    // ECONNRESET and friends: the 'close' event that follows does the bookkeeping.
  }

  const server = createServer({ noDelay: true, keepAlive: false, allowHalfOpen: false }, (socket) => {
    const connection = new Connection(socket, coarseNow);
    bySocket.set(socket, connection);
    connections.add(connection);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    if (draining) closeConnection(connection);
  });

  const sweep = setInterval(() => {
    coarseNow = Date.now();
    for (const connection of connections) {
      const headExpired = connection.headStartedAt !== 0 && coarseNow - connection.headStartedAt > headTimeoutMs;
      if (headExpired || (!connection.busy && coarseNow - connection.lastActivity > idleTimeoutMs)) {
        connection.closed = true;
        connection.socket.destroy();
      }
    }
  }, 250);
  sweep.unref();

  let drainWaiter: (() => void) | undefined;

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, backlog: 4096 }, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address !== null ? address.port : port);
        });
      });
    },
    async drain(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) if (!connection.busy) closeConnection(connection);
      if (connections.size > 0) {
        await new Promise<void>((resolve) => {
          drainWaiter = resolve;
          setTimeout(resolve, timeoutMs).unref();
        });
      }
      for (const connection of connections) connection.socket.destroy();
      clearInterval(sweep);
      await closed;
    },
    connectionCount: () => connections.size,
  };
}
