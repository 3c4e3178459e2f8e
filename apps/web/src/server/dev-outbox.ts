// Who may read the development outbox (/dev/outbox): its mails hold verification and
// password-reset links, so the page answers only a client on this machine (by the
// connection's address, or the hop a trusted proxy appended) and shows each site only
// its own mails: a tenant's site its members' mails, the console the platform's.
import type { IncomingHttpHeaders } from 'node:http';
import { resolveSite } from '@swarmhost/api';
import { devOutboxEnabled, type WebConfig } from '@swarmhost/config';
import { readOutbox, type OutboxMail } from '@swarmhost/domain';
import type { Redis } from 'ioredis';
import { isLoopbackAddress, requestInfoFrom } from './request-info';

/** The parts of a Node request the decision needs (an IncomingMessage fits). */
export interface OutboxRequest {
  readonly headers: IncomingHttpHeaders;
  readonly socket: { readonly remoteAddress?: string | undefined };
}

function headerReader(headers: IncomingHttpHeaders): { get(name: string): string | null } {
  return {
    get: (name) => {
      const value = headers[name.toLowerCase()];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  };
}

/**
 * The mails this request may see, newest first, or null where the page must not exist
 * for it (no outbox configured, a client elsewhere, an unknown host): a plain 404.
 */
export async function devOutboxFor(
  request: OutboxRequest,
  options: { config: Pick<WebConfig, 'MAIL_TRANSPORT' | 'WEB_TRUSTED_PROXIES' | 'BASE_DOMAIN'>; redis: Redis; limit?: number },
): Promise<OutboxMail[] | null> {
  if (!devOutboxEnabled(options.config)) return null;
  const info = requestInfoFrom(headerReader(request.headers), {
    address: request.socket.remoteAddress,
    trustedProxies: options.config.WEB_TRUSTED_PROXIES,
  });
  if (!isLoopbackAddress(info.ip)) return null;
  const site = await resolveSite(info.host, options.config.BASE_DOMAIN);
  if (site.kind === 'unknown') return null;
  return readOutbox(options.redis, options.limit ?? 50, { tenantId: site.kind === 'tenant' ? site.tenant.id : null });
}
