import { describe, expect, it } from 'vitest';
import { createLogger } from './log';
import { throttledWarn } from './throttled-warn';

describe('throttledWarn', () => {
  it('writes at most the budget a second, then one line with the count', () => {
    const lines: string[] = [];
    let now = 0;
    const warn = throttledWarn(createLogger('warn', {}, (line) => lines.push(line)), 3, () => now);
    for (let index = 0; index < 1000; index += 1) warn('UDP packet dropped without a reply', { index });
    expect(lines).toHaveLength(3);
    now = 1000;
    warn('UDP packet dropped without a reply', {});
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[3]!)).toMatchObject({ msg: 'refused requests not logged in the last second', suppressed: 997 });
  });
});
