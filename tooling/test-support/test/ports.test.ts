import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, freePorts } from '../src/index';

const servers: Server[] = [];

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('freePort', () => {
  it('gives a port a server can listen on at once', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    servers.push(await listen(port));
  });

  it('never gives a port named as taken, even when the system offers it again', async () => {
    const seen = new Set<number>();
    for (let round = 0; round < 30; round++) {
      const first = await freePort();
      const second = await freePort(first);
      expect(second).not.toBe(first);
      seen.add(first);
      const third = await freePort(...seen);
      expect(seen.has(third)).toBe(false);
    }
  });

  it('does not give a port a server holds', async () => {
    const held = await listen(0);
    servers.push(held);
    const address = held.address();
    const heldPort = typeof address === 'object' && address !== null ? address.port : 0;
    for (let round = 0; round < 50; round++) expect(await freePort()).not.toBe(heldPort);
  });

  it('gives as many distinct ports as asked', async () => {
    for (let round = 0; round < 10; round++) {
      const ports = await freePorts(4);
      expect(ports).toHaveLength(4);
      expect(new Set(ports).size).toBe(4);
    }
  });
});
