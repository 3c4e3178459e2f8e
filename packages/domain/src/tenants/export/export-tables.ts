// What an export contains, as an allow-list: every exported column is named here, so a
// column added later (a new secret, say) stays out until someone decides to list it.
// Never listed: password hashes, TOTP secrets and steps, recovery codes, passkeys
// (announce keys), RSS keys, WebAuthn credentials, sessions, API tokens, invite codes,
// e-mail links, search vectors, idempotency keys. Keys are uuid columns (keyset paging).

export interface ExportTable {
  /** Folder in the archive: `<file>/0001.json`, … */
  readonly file: string;
  readonly table: string;
  readonly columns: readonly string[];
  /** The uuid columns that order and page the rows (unique together). */
  readonly key: readonly string[];
}

const MEMBER_COLUMNS = [
  'id',
  'username',
  'email',
  'email_verified_at',
  'group_id',
  'role',
  'status',
  'disabled_reason',
  'can_download',
  'uploaded_bytes',
  'downloaded_bytes',
  'credited_upload_bytes',
  'credited_download_bytes',
  'seed_seconds',
  'leech_seconds',
  'bonus_points',
  'freeleech_tokens',
  'personal_freeleech_until',
  'invite_quota',
  'invited_by_id',
  'privacy',
  'title',
  'avatar_url',
  'created_at',
  'last_seen_at',
] as const;

export const EXPORT_TABLES: readonly ExportTable[] = [
  { file: 'groups', table: 'groups', columns: ['id', 'name', 'description', 'permissions', 'is_default', 'created_at'], key: ['id'] },
  { file: 'categories', table: 'categories', columns: ['id', 'name', 'slug', 'position', 'created_at'], key: ['id'] },
  { file: 'tags', table: 'tags', columns: ['id', 'name', 'created_at'], key: ['id'] },
  { file: 'members', table: 'members', columns: MEMBER_COLUMNS, key: ['id'] },
  {
    file: 'torrents',
    table: 'torrents',
    columns: [
      'id', 'info_hash', 'info_hash_v2', 'name', 'description', 'size', 'file_count', 'files', 'piece_length', 'category_id', 'uploader_id',
      'anonymous', 'status', 'status_reason', 'freeleech_percent', 'double_upload', 'seeders', 'leechers', 'times_completed',
      'created_at', 'updated_at', 'approved_at', 'approved_by_id', 'deleted_at',
    ],
    key: ['id'],
  },
  { file: 'torrent-tags', table: 'torrent_tags', columns: ['torrent_id', 'tag_id', 'created_at'], key: ['torrent_id', 'tag_id'] },
  { file: 'comments', table: 'comments', columns: ['id', 'torrent_id', 'author_id', 'body', 'created_at', 'edited_at', 'deleted_at'], key: ['id'] },
  {
    file: 'requests',
    table: 'requests',
    columns: [
      'id', 'requester_id', 'category_id', 'title', 'description', 'status', 'total_bounty', 'voter_count', 'filled_torrent_id', 'filled_by_id',
      'filled_at', 'fill_accept_by', 'paid_at', 'claimed_by_id', 'claim_expires_at', 'closed_reason', 'created_at', 'updated_at',
    ],
    key: ['id'],
  },
  { file: 'request-bounties', table: 'request_bounties', columns: ['id', 'request_id', 'member_id', 'amount', 'created_at', 'refunded_at'], key: ['id'] },
  { file: 'request-events', table: 'request_events', columns: ['id', 'request_id', 'actor_id', 'kind', 'details', 'created_at'], key: ['id'] },
  { file: 'request-comments', table: 'request_comments', columns: ['id', 'request_id', 'author_id', 'body', 'created_at', 'deleted_at'], key: ['id'] },
  {
    file: 'playlists',
    table: 'playlists',
    columns: ['id', 'owner_id', 'name', 'description', 'is_public', 'cover_type', 'cover_updated_at', 'created_at', 'updated_at'],
    key: ['id'],
  },
  { file: 'playlist-items', table: 'playlist_items', columns: ['id', 'playlist_id', 'torrent_id', 'position', 'note', 'added_at'], key: ['id'] },
  { file: 'chat-rooms', table: 'chat_rooms', columns: ['id', 'slug', 'name', 'topic', 'staff_only', 'created_at'], key: ['id'] },
  { file: 'chat-messages', table: 'chat_messages', columns: ['id', 'room_id', 'author_id', 'body', 'created_at', 'deleted_at'], key: ['id'] },
  {
    file: 'membership-applications',
    table: 'membership_applications',
    columns: ['id', 'username', 'email', 'message', 'status', 'reviewed_by_id', 'reviewed_at', 'review_note', 'member_id', 'created_at'],
    key: ['id'],
  },
  { file: 'news', table: 'news_posts', columns: ['id', 'author_id', 'title', 'body', 'created_at', 'updated_at', 'deleted_at'], key: ['id'] },
  {
    file: 'bonus-transactions',
    table: 'bonus_transactions',
    columns: ['id', 'member_id', 'amount', 'reason', 'reference_type', 'reference_id', 'counterpart_id', 'note', 'created_at'],
    key: ['id'],
  },
];

/** The community itself: `community.json` (its settings, plan and host names). */
export const TENANT_COLUMNS = ['id', 'slug', 'name', 'status', 'settings', 'plan_limits', 'created_at'] as const;

/** Rows per JSON part: what one page costs in memory while the archive is written. */
export const ROWS_PER_PART = 2000;

/** .torrent files read per query (each at most 10 MiB, most a few dozen KiB). */
export const TORRENT_FILES_PER_PAGE = 25;
