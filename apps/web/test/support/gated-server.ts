// An HTTP server on a free loopback port that asks a front gate first, as the site's own
// server (site-server.mjs) does, and hands what the gate lets through to `behind` (Next.js
// in production; in a test, a handler that records what reached it).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrontGate } from '../../src/server/search-budget-gate';

export interface GatedServer {
  port: number;
  close(): Promise<void>;
}

export async function gatedServer(gate: FrontGate, behind: (request: IncomingMessage, response: ServerResponse) => void): Promise<GatedServer> {
  const server = http.createServer((request, response) => {
    const verdict = gate(request, response);
    if (verdict === false) return behind(request, response);
    void verdict.then((answered) => answered || behind(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
