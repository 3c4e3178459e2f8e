// What a torrent looks like in the Meilisearch index, and which swarm counts need
// sending again. Pure: the rows come from PostgreSQL (torrent-source.ts), the writes go
// through meilisearch-indexer.ts. Every document carries its tenant's id; the adapter
// filters on it in every search.

/** A torrent as read for indexing (approved torrents only). */
export interface TorrentRow {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  /** The category's slug, the same value the browse filter takes. */
  category: string | null;
  tags: readonly string[];
  freeleechPercent: number;
  doubleUpload: boolean;
  size: bigint | number;
  seeders: number;
  leechers: number;
  timesCompleted: number;
  createdAt: Date;
}

export interface TorrentDocument {
  /** The torrent's uuid: the index's primary key. */
  id: string;
  tenantId: string;
  name: string;
  description: string;
  category: string | null;
  /** Lower case, as the tag filter compares them. */
  tags: string[];
  freeleechPercent: number;
  doubleUpload: boolean;
  size: number;
  seeders: number;
  leechers: number;
  timesCompleted: number;
  /** Unix seconds; the last ranking rule (newest first among equals), as in PostgreSQL. */
  createdAt: number;
  /** Milliseconds of the write; a reindex removes the tenant's documents it did not rewrite. */
  indexedAt: number;
}

/** Swarm figures the tracker keeps changing; sent as partial documents. */
export interface SwarmCounts {
  id: string;
  seeders: number;
  leechers: number;
  timesCompleted: number;
}

export type SwarmCountUpdate = SwarmCounts & { tenantId: string };

/**
 * Descriptions are Markdown and can be long; the words that find a torrent are in its
 * first part, and the index stays small.
 */
export const DESCRIPTION_INDEXED_CHARACTERS = 5000;

export function toTorrentDocument(row: TorrentRow, indexedAt: number): TorrentDocument {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description.slice(0, DESCRIPTION_INDEXED_CHARACTERS),
    category: row.category,
    tags: [...new Set(row.tags.map((tag) => tag.toLowerCase()))].sort(),
    freeleechPercent: row.freeleechPercent,
    doubleUpload: row.doubleUpload,
    // Sizes stay far below 2^53 bytes (8 PiB), where a JSON number would lose precision.
    size: Number(row.size),
    seeders: row.seeders,
    leechers: row.leechers,
    timesCompleted: row.timesCompleted,
    createdAt: Math.floor(row.createdAt.getTime() / 1000),
    indexedAt,
  };
}

const countsKey = (counts: SwarmCounts) => `${counts.seeders}/${counts.leechers}/${counts.timesCompleted}`;

/**
 * The counts that differ from what was last sent for this tenant, as partial documents
 * (with the tenant id, so a stray partial document is still the tenant's). `lastSent`
 * is updated as if the updates were delivered; a failed send should drop it.
 */
export function changedSwarmCounts(tenantId: string, current: readonly SwarmCounts[], lastSent: Map<string, string>): SwarmCountUpdate[] {
  const changed: SwarmCountUpdate[] = [];
  for (const counts of current) {
    const key = countsKey(counts);
    if (lastSent.get(counts.id) === key) continue;
    lastSent.set(counts.id, key);
    changed.push({ tenantId, id: counts.id, seeders: counts.seeders, leechers: counts.leechers, timesCompleted: counts.timesCompleted });
  }
  return changed;
}

/** Splits `items` into consecutive batches of at most `size` (one Meilisearch task each). */
export function inBatches<Item>(items: readonly Item[], size: number): Item[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a whole number of at least 1, got ${size}`);
  const batches: Item[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
