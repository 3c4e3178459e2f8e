// Live swarm figures: a page asks to follow torrents (one on a torrent page, a screenful
// on a browse list or "my active torrents"); each id is checked to belong to the
// socket's tenant (cached) before the socket joins that torrent's room.
import { forTenant } from '@swarmhost/db';
import { GATEWAY_REQUESTS, gatewayRooms } from '@swarmhost/events';
import { z } from 'zod';
import type { Logger } from './log';
import { follow, GatewayError, handleRequest, tenantOf, unfollow } from './requests';
import type { GatewaySocket } from './socket-types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FOUND_TTL_MS = 5 * 60_000;
const MISSING_TTL_MS = 30_000;
const MAX_CACHED = 100_000;

/** torrent id → "belongs to tenant" answers, so a busy browse page costs no queries. */
export class TorrentTenantCache {
  private readonly entries = new Map<string, { belongs: boolean; until: number }>();

  async belongs(tenantId: string, torrentId: string, now = Date.now()): Promise<boolean> {
    if (!UUID.test(torrentId)) return false;
    const key = `${tenantId}:${torrentId}`;
    const cached = this.entries.get(key);
    if (cached && cached.until > now) return cached.belongs;
    // Row-level security scopes this query to the tenant: another tenant's torrent is not found.
    const row = await forTenant(tenantId).torrent.findUnique({ where: { id: torrentId }, select: { status: true } });
    const belongs = row !== null && row.status !== 'deleted';
    if (this.entries.size >= MAX_CACHED) this.entries.clear();
    this.entries.set(key, { belongs, until: now + (belongs ? FOUND_TTL_MS : MISSING_TTL_MS) });
    return belongs;
  }
}

const torrentIds = z
  .object({ torrentId: z.string().optional(), torrentIds: z.array(z.string()).max(500).optional() })
  .refine((input) => input.torrentId !== undefined || input.torrentIds !== undefined, 'needs torrentId or torrentIds');

const browseInput = z.object({ follow: z.boolean().default(true) });

function idsOf(input: z.infer<typeof torrentIds>): string[] {
  return [...new Set([...(input.torrentId === undefined ? [] : [input.torrentId]), ...(input.torrentIds ?? [])])];
}

export function registerTorrentSubscriptions(socket: GatewaySocket, options: { cache: TorrentTenantCache; maxFollowed: number; log: Logger }): void {
  handleRequest(socket, options.log, GATEWAY_REQUESTS.subscribeTorrents, torrentIds, async (input) => {
    const tenantId = tenantOf(socket);
    const subscribed: string[] = [];
    const refused: string[] = [];
    for (const torrentId of idsOf(input)) {
      if (await options.cache.belongs(tenantId, torrentId)) {
        await follow(socket, gatewayRooms.torrent(tenantId, torrentId), options.maxFollowed);
        subscribed.push(torrentId);
      } else refused.push(torrentId);
    }
    if (subscribed.length === 0 && refused.length > 0) {
      throw new GatewayError('NOT_FOUND', 'no such torrent in this community; reload the page');
    }
    return { subscribed, refused };
  });

  handleRequest(socket, options.log, GATEWAY_REQUESTS.unsubscribeTorrents, torrentIds, async (input) => {
    const tenantId = tenantOf(socket);
    for (const torrentId of idsOf(input)) await unfollow(socket, gatewayRooms.torrent(tenantId, torrentId));
    return {};
  });

  // Browse lists may instead follow every swarm update of the tenant (the gateway relays them).
  handleRequest(socket, options.log, GATEWAY_REQUESTS.subscribeBrowse, browseInput, async (input) => {
    const room = gatewayRooms.tenantSwarms(tenantOf(socket));
    if (input.follow) await follow(socket, room, options.maxFollowed);
    else await unfollow(socket, room);
    return {};
  });
}
