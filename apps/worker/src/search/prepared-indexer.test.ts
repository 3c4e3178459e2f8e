import { describe, expect, it } from 'vitest';
import { createPostgresSearchIndexer } from '@swarmhost/search';
import { preparedIndexer } from './prepared-indexer';

describe('preparedIndexer', () => {
  it('prepares the index once before the first write, and again after a failed preparation', async () => {
    let preparations = 0;
    let failNext = true;
    const writes: string[] = [];
    const inner = {
      ...createPostgresSearchIndexer(),
      prepare: async () => {
        preparations += 1;
        if (failNext) {
          failNext = false;
          throw new Error('search server not up yet');
        }
      },
      syncTorrents: async (tenantId: string) => {
        writes.push(tenantId);
      },
    };
    const indexer = preparedIndexer(inner);
    await expect(indexer.syncTorrents('t1', ['a'])).rejects.toThrow('search server not up yet');
    expect(writes).toEqual([]);
    await indexer.syncTorrents('t1', ['a']);
    await indexer.syncTorrents('t2', ['b']);
    expect(preparations).toBe(2);
    expect(writes).toEqual(['t1', 't2']);
  });
});
