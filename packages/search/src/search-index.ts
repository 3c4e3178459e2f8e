// The search port: the site asks "which torrents of this tenant match this text, best
// first" and never learns which engine answered. PostgreSQL full-text is the default.
export interface SearchQuery {
  tenantId: string;
  /** What the member typed; typos are tolerated by the engine. */
  text: string;
  limit: number;
  offset?: number;
  /** Only hits that pass every filter given (the browse filters, applied with the text). */
  filters?: SearchFilters;
}

/** Narrowing an engine can apply while it searches, so paging stays right. */
export interface SearchFilters {
  /** A category's slug. */
  category?: string;
  /** A tag's name (case does not matter). */
  tag?: string;
  /** Only torrents whose own freeleech percent is above 0. */
  freeleech?: boolean;
  /** Only these torrents (e.g. what a member seeds right now); empty matches nothing. */
  torrentIds?: readonly string[];
}

export interface SearchHit {
  torrentId: string;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** More hits exist after this page. */
  hasMore: boolean;
}

/** Requests (issue 12) are searched by the same engine: title and description, typos tolerated. */
export interface RequestSearchQuery {
  tenantId: string;
  text: string;
  /** The best this many matches (open, pending and filled requests; deleted ones never). */
  limit: number;
}

export interface RequestSearchHit {
  requestId: string;
  score: number;
}

/**
 * Forum posts (issue 15): post bodies and topic titles (a title hit is its topic's first
 * post). The engine filters by the forums given; the caller still re-reads each hit under
 * row-level security and drops what the member may not read (an index can lag a move).
 */
export interface ForumPostSearchQuery {
  tenantId: string;
  text: string;
  /** Only posts of topics in these forums (the member's readable ones); empty matches nothing. */
  forumIds: readonly string[];
  /** The newest this many matches. */
  limit: number;
}

export interface ForumPostSearchHit {
  postId: string;
  /** Found by its topic's title (the post is the topic's first) rather than by its body. */
  titleMatch: boolean;
}

export interface SearchIndex {
  search(query: SearchQuery): Promise<SearchResult>;
  searchRequests(query: RequestSearchQuery): Promise<RequestSearchHit[]>;
  /** Newest first. */
  searchForumPosts(query: ForumPostSearchQuery): Promise<ForumPostSearchHit[]>;
}

/** The longest query text accepted; longer input is cut (it never improves results). */
export const MAX_QUERY_LENGTH = 200;

export function normaliseQueryText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}
