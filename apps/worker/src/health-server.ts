// The worker serves no traffic, but containers and orchestrators need a health check:
// /healthz answers 200 while the process runs its queues and 503 once it is draining
// after SIGTERM, so nothing mistakes a stopping worker for a healthy one.
import { createServer, type Server } from 'node:http';

export interface HealthServer {
  readonly port: number;
  /** /healthz answers 503 from now on (called when shutdown starts). */
  markDraining(): void;
  close(): Promise<void>;
}

export async function startHealthServer(options: { port: number; host: string }): Promise<HealthServer> {
  let draining = false;
  const server: Server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/healthz') {
      response.writeHead(draining ? 503 : 200, { 'content-type': 'text/plain' }).end(draining ? 'draining\n' : 'ok\n');
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the worker serves /healthz only\n');
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : options.port);
    });
  });
  return {
    port,
    markDraining: () => {
      draining = true;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
