import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { readFlushLag } from './tenant-figures';

const log = createLogger('silent');

describe('flush lag from the tracker metrics', () => {
  it('reads tracker_flush_lag_seconds, and null when unset or unreachable', async () => {
    const server = createServer((_request, response) => {
      response.end('# HELP tracker_flush_lag_seconds lag\ntracker_flush_lag_seconds_total 9\ntracker_flush_lag_seconds 2.5\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await readFlushLag(`http://127.0.0.1:${port}/metrics`, log)).toBe(2.5);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await readFlushLag(undefined, log)).toBeNull();
    expect(await readFlushLag(`http://127.0.0.1:${port}/metrics`, log)).toBeNull();
  });
});
