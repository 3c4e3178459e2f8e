// Requests per RSS key, and per tenant for all its RSS keys together, in the same Redis
// fixed-window limiter as the API tokens. A reader polling every few minutes never meets
// the per-key limit; a runaway script on one key is slowed without touching other
// members, and the tenant-wide cap keeps one community's feeds from flooding the site.
// Feed fetches and .torrent downloads by RSS key count in separate buckets, so a client
// that downloads every item of a fresh feed is not refused its next poll.
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import { countInWindow, uncountInWindow, type TokenRateLimit } from '../api-tokens/token-rate-limit';

export type RssRequestKind = 'feed' | 'download';

export interface RssRateLimits {
  /** Feed fetches per RSS key. */
  feed: TokenRateLimit;
  /** .torrent downloads per RSS key. */
  download: TokenRateLimit;
  /** Feed fetches and downloads of every RSS key of one tenant together. */
  tenant: TokenRateLimit;
}

export const DEFAULT_RSS_RATE_LIMITS: RssRateLimits = {
  feed: { requests: 30, windowSeconds: 60 },
  download: { requests: 120, windowSeconds: 60 },
  tenant: { requests: 6000, windowSeconds: 60 },
};

export const rssKeyRateKey = (kind: RssRequestKind, tenantId: string, rssKey: string) => `swarmhost:rss-rate:${kind}:${tenantId}:${rssKey}`;
export const rssTenantRateKey = (tenantId: string) => `swarmhost:rss-rate:tenant:${tenantId}`;

/** Counts one RSS call; TOO_MANY_REQUESTS (with `retryAfterSeconds`) past the key's or the tenant's limit. */
export async function countRssRequest(options: { redis: Redis; tenantId: string; rssKey: string; kind: RssRequestKind; limits?: RssRateLimits }): Promise<void> {
  const limits = options.limits ?? DEFAULT_RSS_RATE_LIMITS;
  const own = limits[options.kind];
  const mine = await countInWindow({ redis: options.redis, key: rssKeyRateKey(options.kind, options.tenantId, options.rssKey), limit: own });
  if (mine.over) {
    const what = options.kind === 'feed' ? 'feed fetches' : '.torrent downloads';
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `this RSS key made more than ${own.requests} ${what} in ${own.windowSeconds} seconds; wait ${mine.retryAfterSeconds} second(s) (a feed reader needs one fetch every few minutes)`,
      { retryAfterSeconds: mine.retryAfterSeconds },
    );
  }
  const site = await countInWindow({ redis: options.redis, key: rssTenantRateKey(options.tenantId), limit: limits.tenant });
  if (site.over) {
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `this community's RSS feeds are answering more than ${limits.tenant.requests} requests in ${limits.tenant.windowSeconds} seconds right now; wait ${site.retryAfterSeconds} second(s)`,
      { retryAfterSeconds: site.retryAfterSeconds },
    );
  }
}

/** Gives back an RSS call countRssRequest counted, the key's and the tenant's (see uncountInWindow). */
export async function uncountRssRequest(options: { redis: Redis; tenantId: string; rssKey: string; kind: RssRequestKind }): Promise<void> {
  await uncountInWindow({ redis: options.redis, key: rssKeyRateKey(options.kind, options.tenantId, options.rssKey) });
  await uncountInWindow({ redis: options.redis, key: rssTenantRateKey(options.tenantId) });
}
