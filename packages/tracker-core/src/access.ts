// Who may use the tracker at all, and which torrents they may announce: the private
// tracker rules checked in a fixed order, each with a reason the member can act on.
import type { MemberContext, TenantContext, TorrentContext } from './types.js';

export type AnnounceFailureCode =
  | 'unknown_passkey'
  | 'tenant_suspended'
  | 'member_disabled'
  | 'torrent_not_registered'
  | 'torrent_pending'
  | 'torrent_rejected'
  | 'torrent_deleted'
  | 'client_banned'
  | 'download_disabled'
  | 'min_interval'
  | 'too_many_peers';

export interface AnnounceFailure {
  readonly ok: false;
  readonly code: AnnounceFailureCode;
  /** BEP 3 `failure reason`, sent with HTTP 200. */
  readonly failureReason: string;
}

export function failure(code: AnnounceFailureCode, failureReason: string): AnnounceFailure {
  return { ok: false, code, failureReason };
}

export interface Access {
  readonly tenant: TenantContext;
  readonly member: MemberContext;
}

/** Passkey, tenant and member checks shared by announce and scrape. */
export function checkAccess(
  tenant: TenantContext | undefined,
  member: MemberContext | undefined,
): AnnounceFailure | Access {
  if (member === undefined || tenant === undefined || member.tenantId !== tenant.tenantId) {
    return failure('unknown_passkey', 'unknown passkey: download the .torrent again from the site');
  }
  if (tenant.status === 'suspended') {
    return failure('tenant_suspended', 'this community is suspended: its tracker accepts no announces');
  }
  if (member.status === 'disabled') {
    const reason = member.disabledReason === undefined ? '' : `: ${member.disabledReason}`;
    return failure('member_disabled', `your account is disabled${reason}`);
  }
  return { tenant, member };
}

/** Registered in the member's tenant and approved. */
export function checkTorrent(
  tenant: TenantContext,
  infoHash: string,
  torrent: TorrentContext | undefined,
): AnnounceFailure | TorrentContext {
  if (torrent === undefined || torrent.tenantId !== tenant.tenantId || torrent.infoHash !== infoHash) {
    return failure('torrent_not_registered', 'torrent not registered with this tracker');
  }
  const reason = torrent.statusReason === undefined ? '' : `: ${torrent.statusReason}`;
  switch (torrent.status) {
    case 'approved':
      return torrent;
    case 'pending':
      return failure('torrent_pending', 'torrent is awaiting moderation: try again once staff approve it');
    case 'rejected':
      return failure('torrent_rejected', `torrent rejected${reason}`);
    case 'deleted':
      return failure('torrent_deleted', `torrent deleted${reason}`);
  }
}
