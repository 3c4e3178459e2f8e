// Process-wide services for the API: one Redis connection (also the invalidation
// publisher), the mail transport, the search index.
import type { ApiServices } from '@swarmhost/api';
import { createOutboxTransport, createSmtpTransport } from '@swarmhost/domain';
import { createPostgresSearchIndex } from '@swarmhost/search';
import { Redis } from 'ioredis';
import { webConfig } from './env';

let services: ApiServices | undefined;

export function apiServices(): ApiServices {
  if (services) return services;
  const config = webConfig();
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  services = {
    redis,
    publisher: redis,
    mail:
      config.MAIL_TRANSPORT === 'smtp' && config.SMTP_URL
        ? createSmtpTransport({ url: config.SMTP_URL, from: config.MAIL_FROM })
        : createOutboxTransport(redis),
    searchIndex: createPostgresSearchIndex(),
    baseDomain: config.BASE_DOMAIN,
    protocol: config.WEB_PROTOCOL,
    trackerBaseUrl: config.PUBLIC_TRACKER_URL,
    loginLimits: {
      perAccount: config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      perIp: config.LOGIN_RATE_LIMIT_PER_IP,
      windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS,
    },
  };
  return services;
}
