import { describe, expect, it } from 'vitest';
import { createLogger } from './index';

function capture(level: Parameters<typeof createLogger>[0]) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, { app: 'test' }, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON line per entry at or above the threshold', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('bad request', { reason: 'missing info_hash' });
    logger.error('boom', { error: new Error('exploded'), bytes: 10n });
    expect(lines.map((line) => line.msg)).toEqual(['bad request', 'boom']);
    expect(lines[0]).toMatchObject({ level: 'warn', app: 'test', reason: 'missing info_hash' });
    expect(lines[1]).toMatchObject({ error: { name: 'Error', message: 'exploded' }, bytes: '10' });
  });

  it('writes nothing when silent', () => {
    const { logger, lines } = capture('silent');
    logger.error('nothing');
    expect(lines).toEqual([]);
  });
});
