// A tiny TCP load balancer for the live e2e: each new connection goes to the first
// gateway that accepts it, so when one gateway dies its browsers land on the next.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface FailoverProxy {
  readonly port: number;
  close(): Promise<void>;
}

function dial(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const upstream = connect(port, '127.0.0.1');
    upstream.once('connect', () => resolve(upstream));
    upstream.once('error', reject);
  });
}

export async function startFailoverProxy(backendPorts: number[]): Promise<FailoverProxy> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    void (async () => {
      for (const port of backendPorts) {
        const upstream = await dial(port).catch(() => undefined);
        if (!upstream) continue;
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
        return;
      }
      client.destroy();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
