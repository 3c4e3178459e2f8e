import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args';

describe('parseArgs', () => {
  it('reads a command, flags with values and --json', () => {
    expect(parseArgs(['tenant:create', '--slug', 'demo', '--name=Demo Site', '--json'])).toEqual({
      command: 'tenant:create',
      flags: { slug: 'demo', name: 'Demo Site' },
      json: true,
      help: false,
    });
  });

  it('refuses a flag without a value, a repeated flag and a stray word', () => {
    expect(() => parseArgs(['tenant:create', '--slug'])).toThrow(/--slug needs a value/);
    expect(() => parseArgs(['tenant:create', '--slug', '--name', 'x'])).toThrow(/--slug needs a value/);
    expect(() => parseArgs(['x', '--a', '1', '--a', '2'])).toThrow(/--a is given twice/);
    expect(() => parseArgs(['x', 'y'])).toThrow(UsageError);
  });
});
