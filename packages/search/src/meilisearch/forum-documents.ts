// What a forum post looks like in the Meilisearch forum index. Pure: rows come from
// PostgreSQL (forum-source.ts), writes go through forum-indexer.ts. Every document
// carries its tenant's id and its forum's, the two filters of every forum search.

/** A post as read for indexing, with its topic's forum and title. */
export interface ForumPostRow {
  id: string;
  tenantId: string;
  topicId: string;
  forumId: string;
  position: number;
  /** The topic's title. */
  title: string;
  body: string;
  createdAt: Date;
}

export interface ForumPostDocument {
  /** The post's uuid: the index's primary key. */
  id: string;
  tenantId: string;
  topicId: string;
  forumId: string;
  position: number;
  /**
   * The topic's title on its first post only, as PostgreSQL search reads it: a title hit
   * stands for the topic's first post, never for every reply.
   */
  title: string;
  body: string;
  /** Unix seconds; newest first among equally good matches. */
  createdAt: number;
  /** Milliseconds of the write; a topic sync or reindex removes what it did not rewrite. */
  indexedAt: number;
}

export function toForumPostDocument(row: ForumPostRow, indexedAt: number): ForumPostDocument {
  return {
    id: row.id,
    tenantId: row.tenantId,
    topicId: row.topicId,
    forumId: row.forumId,
    position: row.position,
    title: row.position === 1 ? row.title : '',
    body: row.body,
    createdAt: Math.floor(row.createdAt.getTime() / 1000),
    indexedAt,
  };
}
