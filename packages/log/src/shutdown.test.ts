import { describe, expect, it } from 'vitest';
import { createLogger } from './index';
import { exitOnSignals } from './shutdown';

function setup(close: () => Promise<void>, timeoutMs = 1000) {
  const codes: number[] = [];
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', {}, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const shutdown = exitOnSignals({ log, close, timeoutMs, exit: (code) => codes.push(code) }, []);
  return { shutdown, codes, lines };
}

describe('exitOnSignals', () => {
  it('closes once and exits 0, however many signals arrive', async () => {
    let closes = 0;
    const { shutdown, codes, lines } = setup(async () => {
      closes += 1;
    });
    await Promise.all([shutdown('SIGTERM'), shutdown('SIGINT')]);
    expect({ closes, codes }).toEqual({ closes: 1, codes: [0] });
    expect(lines[0]).toMatchObject({ msg: 'shutting down', signal: 'SIGTERM' });
  });

  it('exits 1 and logs why when closing fails', async () => {
    const { shutdown, codes, lines } = setup(() => Promise.reject(new Error('redis gone')));
    await shutdown('SIGTERM');
    expect(codes).toEqual([1]);
    expect(lines.at(-1)).toMatchObject({ level: 'error', msg: 'shutdown failed', error: { message: 'redis gone' } });
  });

  it('exits 1 when closing takes longer than the timeout', async () => {
    const { shutdown, codes } = setup(() => new Promise(() => undefined), 20);
    void shutdown('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(codes).toEqual([1]);
  });
});
