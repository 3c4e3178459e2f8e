// Process-wide services for the API: one Redis connection (also the invalidation
// publisher), the mail transport, the search index (rankings cached for a few seconds)
// and the list/search page cache (WEB_PAGE_CACHE_MS).
// Built from the parsed web config, so integration tests wire the API exactly as the
// running site does. The running site also listens on the invalidation channel so its
// caches (sites, sessions, search rankings, list pages) drop a changed tenant, member or torrent at once.
import { applyInvalidation, createPageCache, type ApiServices, type PageCache } from '@swarmhost/api';
import { devOutboxEnabled, type WebConfig } from '@swarmhost/config';
import { createOutboxTransport, createSmtpTransport, postgresPeerSource } from '@swarmhost/domain';
import { createSearchGuard } from '@swarmhost/domain/plans/search-guard';
import { decodeInvalidation, INVALIDATION_CHANNEL, type Invalidation, type Publisher } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import { cachedSearchIndex, createSearchIndex, type CachedSearchIndex } from '@swarmhost/search';
import { Redis } from 'ioredis';
import { webConfig } from './env';

type SiteCaches = { searchIndex: CachedSearchIndex; pageCache: PageCache };
type SiteServices = ApiServices & SiteCaches;

let services: SiteServices | undefined;

/** Drops what an invalidation makes stale from this process's caches. */
function applyToCaches(message: Invalidation, caches: SiteCaches): void {
  applyInvalidation(message);
  if (message.kind === 'tenant' || message.kind === 'torrent') {
    caches.searchIndex.invalidateTenant(message.tenantId);
    caches.pageCache.invalidateTenant(message.tenantId);
  }
}

/**
 * Publishes through Redis, but applies an invalidation to this process's own caches
 * first: the member who uploads or the staff member who edits sees the change on the
 * very next request, without waiting for the message to come back from Redis.
 */
function localFirstPublisher(redis: Redis, caches: SiteCaches): Publisher {
  return {
    publish(channel, raw) {
      const message = channel === INVALIDATION_CHANNEL ? decodeInvalidation(raw) : undefined;
      if (message) applyToCaches(message, caches);
      return redis.publish(channel, raw);
    },
  };
}

export function createApiServices(config: WebConfig, redis: Redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 })): SiteServices {
  const caches: SiteCaches = {
    // PostgreSQL, or Meilisearch with SEARCH_BACKEND=meilisearch (the worker keeps its index current).
    searchIndex: cachedSearchIndex(createSearchIndex(config)),
    pageCache: createPageCache({ ttlMs: config.WEB_PAGE_CACHE_MS }),
  };
  return {
    redis,
    publisher: localFirstPublisher(redis, caches),
    ...caches,
    mail:
      devOutboxEnabled(config) || !config.SMTP_URL
        ? createOutboxTransport(redis)
        : createSmtpTransport({ url: config.SMTP_URL, from: config.MAIL_FROM }),
    baseDomain: config.BASE_DOMAIN,
    protocol: config.WEB_PROTOCOL,
    trackerBaseUrl: config.PUBLIC_TRACKER_URL,
    peerSource: postgresPeerSource(),
    // The plan's search budget (Redis, every process together) and 3 searches at once per tenant in this process.
    searchGuard: createSearchGuard({ redis, onRedisError: (error) => console.error('search budget: Redis failed, search let through', error) }),
    // One emitter per process on the site's Redis connection, keyed like the gateways' adapter.
    liveEmitter: createEmitter(redis, { key: config.REALTIME_ADAPTER_KEY }),
    loginLimits: {
      perAccount: config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      perIp: config.LOGIN_RATE_LIMIT_PER_IP,
      windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS,
    },
  };
}

/**
 * Subscribes a second connection (a subscribing Redis connection can do nothing else)
 * to the invalidation channel and applies each message to this process's caches.
 */
export function listenForInvalidations(redis: Redis, caches: SiteCaches): Redis {
  const subscriber = redis.duplicate();
  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== INVALIDATION_CHANNEL) return;
    const message = decodeInvalidation(raw);
    if (message) applyToCaches(message, caches);
  });
  // A failed subscription leaves only the caches' own expiry (a second for sites and
  // sessions, WEB_PAGE_CACHE_MS for list pages, ten for search rankings); the site keeps serving.
  subscriber.subscribe(INVALIDATION_CHANNEL).catch((error: unknown) => console.error('invalidation channel: could not subscribe', error));
  return subscriber;
}

export function apiServices(): ApiServices {
  if (!services) {
    services = createApiServices(webConfig());
    listenForInvalidations(services.redis, services);
  }
  return services;
}
