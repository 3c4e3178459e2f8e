// Reads the rows the tracker caches (members, torrents, tenants) from PostgreSQL with
// the system role: everything at start, one row on a miss or an invalidation.
import type pg from 'pg';

export interface MemberRow {
  id: string;
  tenant_id: string;
  passkey: string;
  status: 'active' | 'disabled' | 'pending';
  disabled_reason: string | null;
  personal_freeleech_until: Date | null;
  /** False when staff revoked download rights (the member may still seed). */
  can_download: boolean;
  /** Torrents the member spent a freeleech token on. */
  freeleech_torrent_ids: string[];
  /** When each hit-and-run warning in force ends (ms since the epoch, as text), soonest first. */
  hit_and_run_expiries: string[];
}

export interface TorrentRow {
  id: string;
  tenant_id: string;
  info_hash: string;
  status: 'pending' | 'approved' | 'rejected' | 'deleted';
  status_reason: string | null;
  freeleech_percent: number;
  double_upload: boolean;
}

export interface TenantRow {
  id: string;
  slug: string;
  status: 'active' | 'suspended';
  suspended_reason: string | null;
  settings: unknown;
  plan_limits: unknown;
}

// Each member row carries the torrents they spent a freeleech token on and when each of
// their hit-and-run warnings in force ends (one index range per member for each).
const MEMBER_COLUMNS = `m.id, m.tenant_id, m.passkey, m.status, m.disabled_reason, m.personal_freeleech_until, m.can_download,
  COALESCE((SELECT array_agg(ft.torrent_id::text) FROM freeleech_tokens ft
            WHERE ft.tenant_id = m.tenant_id AND ft.member_id = m.id), '{}') AS freeleech_torrent_ids,
  COALESCE((SELECT array_agg((floor(extract(epoch FROM w.expires_at) * 1000))::bigint::text ORDER BY w.expires_at)
            FROM hit_and_run_warnings w
            WHERE w.tenant_id = m.tenant_id AND w.member_id = m.id AND w.pardoned_at IS NULL AND w.expires_at > now()),
           '{}') AS hit_and_run_expiries`;
const TORRENT_COLUMNS = 'id, tenant_id, info_hash, status, status_reason, freeleech_percent, double_upload';
// The plan's announce budget, overridden by the tenant's own exception when it has one.
const TENANT_COLUMNS = `t.id, t.slug, t.status, t.suspended_reason, t.settings,
  jsonb_build_object('announcesPerSecond', p.announces_per_second) || t.plan_limits AS plan_limits`;
const TENANT_FROM = 'tenants t JOIN plans p ON p.id = t.plan_id';

export interface ContextRows {
  allTenants(): Promise<TenantRow[]>;
  allMembers(): Promise<MemberRow[]>;
  allTorrents(): Promise<TorrentRow[]>;
  tenant(tenantId: string): Promise<TenantRow | undefined>;
  memberByPasskey(passkey: string): Promise<MemberRow | undefined>;
  memberById(memberId: string): Promise<MemberRow | undefined>;
  torrent(tenantId: string, infoHash: string): Promise<TorrentRow | undefined>;
}

export function contextRows(pool: pg.Pool): ContextRows {
  const many = async <Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
    (await pool.query<Row>(sql, values)).rows;
  const one = async <Row extends pg.QueryResultRow>(sql: string, values: unknown[]) =>
    (await many<Row>(sql, values))[0];
  return {
    allTenants: () => many<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM ${TENANT_FROM}`),
    allMembers: () => many<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members m`),
    allTorrents: () => many<TorrentRow>(`SELECT ${TORRENT_COLUMNS} FROM torrents`),
    tenant: (tenantId) => one<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM ${TENANT_FROM} WHERE t.id = $1`, [tenantId]),
    memberByPasskey: (passkey) =>
      one<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.passkey = $1`, [passkey]),
    memberById: (memberId) => one<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.id = $1`, [memberId]),
    torrent: (tenantId, infoHash) =>
      one<TorrentRow>(`SELECT ${TORRENT_COLUMNS} FROM torrents WHERE tenant_id = $1 AND info_hash = $2`, [
        tenantId,
        infoHash,
      ]),
  };
}
