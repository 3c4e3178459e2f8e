// Which engine answers searches (issue 13): PostgreSQL full-text, embedded and the
// default, or a Meilisearch server. The site, the worker and the CLI read the same
// variables, so they always agree on where torrents are indexed.
import { z } from 'zod';
import { ConfigError } from './env';

export const searchShape = {
  /** "postgres" (default: the torrents table's own full-text and trigram indexes) or "meilisearch". */
  SEARCH_BACKEND: z.enum(['postgres', 'meilisearch'], { message: 'must be "postgres" or "meilisearch"' }).default('postgres'),
  /** The Meilisearch server, e.g. http://127.0.0.1:7700; required when SEARCH_BACKEND=meilisearch. */
  MEILISEARCH_URL: z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }).optional(),
  /** An API key allowed to search, write documents and change index settings (the master key works). */
  MEILISEARCH_KEY: z.string().min(1, 'must not be empty; leave it unset for a server without a master key').optional(),
  /** Prefix of the index names (`<prefix>_torrents`), so several platforms can share one server. */
  MEILISEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be 1-200 letters, digits, "-" or "_" (Meilisearch index names)')
    .default('swarmhost'),
};

export type SearchConfig = z.infer<z.ZodObject<typeof searchShape>>;

/** The cross-variable rule zod cannot express per field: Meilisearch needs its URL. */
export function checkSearchConfig<Config extends SearchConfig>(config: Config): Config {
  if (config.SEARCH_BACKEND === 'meilisearch' && !config.MEILISEARCH_URL) {
    throw new ConfigError('Invalid environment:\n  MEILISEARCH_URL: must be set when SEARCH_BACKEND=meilisearch, e.g. http://127.0.0.1:7700 (unset)');
  }
  return config;
}
