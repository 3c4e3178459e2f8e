// Process-wide services for the API: one Redis connection (also the invalidation
// publisher), the mail transport, the search index. Built from the parsed web config,
// so integration tests wire the API exactly as the running site does.
import type { ApiServices } from '@swarmhost/api';
import { devOutboxEnabled, type WebConfig } from '@swarmhost/config';
import { createOutboxTransport, createSmtpTransport } from '@swarmhost/domain';
import { createPostgresSearchIndex } from '@swarmhost/search';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { webConfig } from './env';

let services: ApiServices | undefined;

export function createApiServices(config: WebConfig, redis: Redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 })): ApiServices {
  return {
    redis,
    publisher: redis,
    mail:
      devOutboxEnabled(config) || !config.SMTP_URL
        ? createOutboxTransport(redis)
        : createSmtpTransport({ url: config.SMTP_URL, from: config.MAIL_FROM }),
    searchIndex: createPostgresSearchIndex(),
    baseDomain: config.BASE_DOMAIN,
    protocol: config.WEB_PROTOCOL,
    trackerBaseUrl: config.PUBLIC_TRACKER_URL,
    trackerKeyPrefix: config.TRACKER_KEY_PREFIX,
    // One emitter per process on the site's Redis connection, keyed like the gateway's adapter.
    liveEmitter: new Emitter(redis, { key: config.REALTIME_ADAPTER_KEY }),
    loginLimits: {
      perAccount: config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      perIp: config.LOGIN_RATE_LIMIT_PER_IP,
      windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS,
    },
  };
}

export function apiServices(): ApiServices {
  services ??= createApiServices(webConfig());
  return services;
}
