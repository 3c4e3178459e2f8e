import { describe, expect, it } from 'vitest';
import { loadWebConfig, loadWorkerConfig } from './index';

describe('search settings', () => {
  it('default to PostgreSQL search with no Meilisearch variables', () => {
    expect(loadWebConfig({})).toMatchObject({ SEARCH_BACKEND: 'postgres', MEILISEARCH_INDEX_PREFIX: 'swarmhost' });
    expect(loadWorkerConfig({})).toMatchObject({ SEARCH_BACKEND: 'postgres', WORKER_SEARCH_SWARM_REFRESH_SECONDS: 60 });
  });

  it('select Meilisearch with its URL and key', () => {
    const env = { SEARCH_BACKEND: 'meilisearch', MEILISEARCH_URL: 'http://127.0.0.1:7700', MEILISEARCH_KEY: 'secret' };
    expect(loadWorkerConfig(env)).toMatchObject(env);
    expect(loadWebConfig(env)).toMatchObject(env);
  });

  it('stop the process naming the variable when a value is wrong or the URL is missing', () => {
    for (const load of [loadWebConfig, loadWorkerConfig]) {
      expect(() => load({ SEARCH_BACKEND: 'elastic' })).toThrow(/SEARCH_BACKEND: must be "postgres" or "meilisearch" \(got "elastic"\)/);
      expect(() => load({ SEARCH_BACKEND: 'meilisearch' })).toThrow(/MEILISEARCH_URL: must be set when SEARCH_BACKEND=meilisearch/);
      expect(() => load({ SEARCH_BACKEND: 'meilisearch', MEILISEARCH_URL: 'localhost:7700' })).toThrow(/MEILISEARCH_URL: must be an http/);
      expect(() => load({ MEILISEARCH_URL: 'ftp://search.example' })).toThrow(/MEILISEARCH_URL: must be an http/);
      expect(() => load({ MEILISEARCH_KEY: '' })).toThrow(/MEILISEARCH_KEY: must not be empty/);
      expect(() => load({ MEILISEARCH_INDEX_PREFIX: 'a b' })).toThrow(/MEILISEARCH_INDEX_PREFIX/);
    }
    expect(() => loadWorkerConfig({ WORKER_SEARCH_SWARM_REFRESH_SECONDS: '5' })).toThrow(/WORKER_SEARCH_SWARM_REFRESH_SECONDS: must be at least 10/);
  });
});
