import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight';

describe('singleFlight', () => {
  it('runs one call per key at a time and shares its answer', async () => {
    const calls: string[] = [];
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lookUp = singleFlight(
      async (key: string) => {
        calls.push(key);
        await gate;
        return `${key}!`;
      },
      (key) => key,
    );
    const answers = Promise.all([lookUp('a'), lookUp('a'), lookUp('b'), lookUp('a')]);
    release?.();
    expect(await answers).toEqual(['a!', 'a!', 'b!', 'a!']);
    expect(calls).toEqual(['a', 'b']);
    // Once settled, the next ask runs a new call.
    expect(await lookUp('a')).toBe('a!');
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('shares a failure with every waiter and forgets it', async () => {
    let attempts = 0;
    const lookUp = singleFlight(
      async (_key: string) => {
        attempts += 1;
        throw new Error(`attempt ${attempts}`);
      },
      (key) => key,
    );
    const results = await Promise.allSettled([lookUp('x'), lookUp('x')]);
    expect(results.map((result) => result.status === 'rejected' && (result.reason as Error).message)).toEqual(['attempt 1', 'attempt 1']);
    await expect(lookUp('x')).rejects.toThrow('attempt 2');
  });
});
