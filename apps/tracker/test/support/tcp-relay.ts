// A TCP relay in front of a shared server (PostgreSQL, Redis) that a test switches off
// and on: an outage for the pool without stopping the server other tests use.
import { connect, createServer, type Socket } from 'node:net';

export interface TcpRelay {
  /** The relay's own port on 127.0.0.1. */
  readonly port: number;
  /** Accepts and forwards new connections again. */
  up(): void;
  /** Refuses new connections and drops every open one (the pool's too). */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }, options: { up: boolean }): Promise<TcpRelay> {
  let accepting = options.up;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    if (!accepting) return void client.destroy();
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: (server.address() as { port: number }).port,
    up: () => {
      accepting = true;
    },
    cut: () => {
      accepting = false;
      dropAll();
    },
    close: async () => {
      dropAll();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
