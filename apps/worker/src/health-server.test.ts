import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer } from './health-server';

let health: HealthServer | undefined;
afterEach(async () => {
  await health?.close();
  health = undefined;
});

describe('worker /healthz', () => {
  it('answers ok while running, 503 once draining, 404 elsewhere', async () => {
    health = await startHealthServer({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${health.port}`;
    const running = await fetch(`${url}/healthz`);
    expect([running.status, await running.text()]).toEqual([200, 'ok\n']);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    health.markDraining();
    const draining = await fetch(`${url}/healthz`);
    expect([draining.status, await draining.text()]).toEqual([503, 'draining\n']);
  });

  it('fails the start when its port is taken', async () => {
    health = await startHealthServer({ port: 0, host: '127.0.0.1' });
    await expect(startHealthServer({ port: health.port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
  });
});
