// .env.example must document every variable an app reads: this compares the
// variables of every schema in this package with the file's entries.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realtimeShape, realtimeTokenShape, trackerShape, webShape, workerShape } from './index';

const exampleFile = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
/** Variables named in the file, set (`NAME=`) or shown commented out (`# NAME=`). */
const documented = new Set(
  [...exampleFile.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]),
);

describe('.env.example', () => {
  it('documents every variable of every app', () => {
    const read = new Set([
      ...Object.keys(trackerShape),
      ...Object.keys(webShape),
      ...Object.keys(realtimeShape),
      ...Object.keys(realtimeTokenShape),
      ...Object.keys(workerShape),
    ]);
    const missing = [...read].filter((name) => !documented.has(name)).sort();
    expect(missing).toEqual([]);
  });
});
