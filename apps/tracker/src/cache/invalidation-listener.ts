// Applies cache invalidations published by the site, CLI or worker on the shared Redis
// channel, so a rotated passkey or an approved torrent takes effect within a second.
// After a reconnect, messages may have been missed: everything is reloaded then.
import { decodeInvalidation, INVALIDATION_CHANNEL, type Invalidation } from '@swarmhost/events';
import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { ContextCache } from './context-cache';

/** Called when a tenant invalidation finds the tenant's row gone (deleted): drop its swarms. */
export type TenantGone = (tenantId: string) => void;

export async function applyInvalidation(cache: ContextCache, message: Invalidation, onTenantGone?: TenantGone): Promise<void> {
  switch (message.kind) {
    case 'passkey':
      cache.dropPasskey(message.passkey);
      return;
    case 'member':
      await cache.refreshMember(message.memberId);
      return;
    case 'torrent':
      await cache.refreshTorrent(message.tenantId, message.infoHash.toLowerCase());
      return;
    case 'tenant':
      if ((await cache.refreshTenant(message.tenantId)) === 'gone') onTenantGone?.(message.tenantId);
      return;
  }
}

/** Subscribes `subscriber` (a dedicated connection) and keeps the cache in step. */
export async function listenForInvalidations(subscriber: Redis, cache: ContextCache, log: Logger, onTenantGone?: TenantGone): Promise<void> {
  let connectedBefore = false;
  subscriber.on('ready', () => {
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    log.warn('invalidation channel reconnected; reloading every cached context');
    cache.clearNegatives();
    cache.loadAll().catch((error: unknown) => log.error('cache reload after reconnect failed', { error }));
  });
  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== INVALIDATION_CHANNEL) return;
    const message = decodeInvalidation(raw);
    if (message === undefined) {
      log.warn('ignored a malformed invalidation message', { raw: raw.slice(0, 200) });
      return;
    }
    applyInvalidation(cache, message, onTenantGone).catch((error: unknown) =>
      log.error('applying an invalidation failed', { error, message }),
    );
  });
  await subscriber.subscribe(INVALIDATION_CHANNEL);
  connectedBefore = true;
}
