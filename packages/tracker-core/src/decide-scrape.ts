// BEP 48 scrape for a private tracker: the same passkey checks as an announce, and
// figures only for approved torrents of the member's tenant (others are left out).
import { checkAccess, checkTorrent } from './access.js';
import type { AnnounceFailure } from './access.js';
import type { ScrapeRequest } from './protocol.js';
import type { SwarmCounts, SwarmStore } from './store.js';
import type { MemberContext, TenantContext, TorrentContext } from './types.js';

export interface ScrapeDecisionInput {
  readonly request: ScrapeRequest;
  readonly tenant: TenantContext | undefined;
  readonly member: MemberContext | undefined;
  /** The caller's cache lookup by info hash within the member's tenant. */
  readonly torrentOf: (infoHash: string) => TorrentContext | undefined;
}

export interface ScrapeSuccess {
  readonly ok: true;
  /** Keyed by info hash (40 lowercase hex); only torrents the member may see. */
  readonly files: Map<string, SwarmCounts>;
}

export async function decideScrape(
  input: ScrapeDecisionInput,
  options: { readonly store: SwarmStore; readonly clock: () => number },
): Promise<ScrapeSuccess | AnnounceFailure> {
  const access = checkAccess(input.tenant, input.member);
  if ('ok' in access) return access;
  const visible = input.request.infoHashes.filter(
    (infoHash) => !('ok' in checkTorrent(access.tenant, infoHash, input.torrentOf(infoHash))),
  );
  if (visible.length === 0) return { ok: true, files: new Map() };
  const files = await options.store.scrape({
    tenantId: access.tenant.tenantId,
    infoHashes: visible,
    nowMs: options.clock(),
    peerTtlSeconds: access.tenant.settings.peerTtlSeconds,
  });
  return { ok: true, files };
}
