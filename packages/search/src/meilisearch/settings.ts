// The torrent index's settings: what is searched (name first), what can be filtered
// (the tenant above all) and sorted, and how many typos a word may carry. Applied by
// the worker at start and by every reindex; Meilisearch makes an unchanged update cheap.
import type { Settings } from 'meilisearch';

export const torrentIndexSettings = {
  // Order is weight: a word in the name outranks one in a tag, then the description.
  searchableAttributes: ['name', 'tags', 'description'],
  filterableAttributes: ['tenantId', 'id', 'category', 'tags', 'freeleechPercent', 'indexedAt'],
  sortableAttributes: ['createdAt', 'seeders', 'leechers', 'timesCompleted', 'size'],
  // Meilisearch's own rules, then newest first among equals (as the PostgreSQL adapter).
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'createdAt:desc'],
  typoTolerance: {
    enabled: true,
    // One typo from 4 letters ("bunnny", "Sintle"), two from 8; release-group tags and
    // resolutions ("1080p") are numbers-with-letters that must match as typed.
    minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
    disableOnNumbers: true,
  },
  pagination: { maxTotalHits: 1000 },
} satisfies Settings;

/** The shared torrent index of every tenant (each document carries its tenantId). */
export const torrentIndexUid = (prefix: string) => `${prefix}_torrents`;

// The forum index: topic titles (first posts only) and post bodies. Exact words first,
// then newest first, as PostgreSQL's forum search lists its matches; typos after.
export const forumPostIndexSettings = {
  searchableAttributes: ['title', 'body'],
  filterableAttributes: ['tenantId', 'id', 'topicId', 'forumId', 'indexedAt'],
  sortableAttributes: ['createdAt'],
  rankingRules: ['words', 'typo', 'createdAt:desc', 'proximity', 'attribute', 'exactness'],
  typoTolerance: torrentIndexSettings.typoTolerance,
  pagination: { maxTotalHits: 1000 },
} satisfies Settings;

/** The shared forum-post index of every tenant (each document carries its tenantId and forumId). */
export const forumPostIndexUid = (prefix: string) => `${prefix}_forum_posts`;
