// What an export contains, as an allow-list: every exported column is named here, so a
// column added later (a new secret, say) stays out until someone decides to list it.
// Never listed: password hashes, TOTP secrets and steps, recovery codes, passkeys
// (announce keys), RSS keys, WebAuthn credentials, sessions, API tokens, invite codes,
// e-mail links, search vectors, idempotency keys. Keys are uuid columns (keyset paging).
// Private messages are not exported at all (neither conversations nor bodies): members'
// private conversations are not the operator's to take away; a report's label quoting a
// reported message is replaced too.

export interface ExportTable {
  /** Folder in the archive: `<file>/0001.json`, … */
  readonly file: string;
  readonly table: string;
  readonly columns: readonly string[];
  /** The uuid columns that order and page the rows (unique together). */
  readonly key: readonly string[];
  /** Only these rows of the table (an SQL condition on its own columns), e.g. one kind of audit entry. */
  readonly where?: string;
  /** Columns written from an SQL expression instead of as stored (redactions). */
  readonly computed?: Readonly<Record<string, string>>;
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
  { file: 'forum-categories', table: 'forum_categories', columns: ['id', 'name', 'position', 'created_at'], key: ['id'] },
  {
    file: 'forums',
    table: 'forums',
    columns: ['id', 'category_id', 'name', 'description', 'position', 'topic_count', 'post_count', 'last_post_id', 'last_post_at', 'created_at'],
    key: ['id'],
  },
  { file: 'forum-permissions', table: 'forum_permissions', columns: ['forum_id', 'group_id', 'can_read', 'can_reply', 'can_start_topics'], key: ['forum_id', 'group_id'] },
  {
    file: 'forum-topics',
    table: 'forum_topics',
    columns: ['id', 'forum_id', 'author_id', 'title', 'pinned', 'locked', 'post_count', 'last_post_id', 'last_post_at', 'last_poster_id', 'created_at'],
    key: ['id'],
  },
  { file: 'forum-posts', table: 'forum_posts', columns: ['id', 'topic_id', 'author_id', 'position', 'body', 'created_at', 'edited_at', 'edit_count'], key: ['id'] },
  { file: 'forum-post-revisions', table: 'forum_post_revisions', columns: ['id', 'post_id', 'body', 'edited_by_id', 'created_at'], key: ['id'] },
  {
    file: 'reports',
    table: 'reports',
    columns: [
      'id', 'reporter_id', 'target_type', 'target_id', 'context_id', 'target_label', 'reason', 'status', 'assignee_id', 'resolution_note',
      'resolved_by_id', 'resolved_at', 'created_at', 'updated_at',
    ],
    key: ['id'],
    // A reported private message's label quotes it; its conversation stays out (see above).
    computed: { target_label: `CASE WHEN target_type = 'message' THEN 'a private message (not exported)' ELSE target_label END` },
  },
  {
    file: 'report-history',
    table: 'audit_logs',
    columns: ['id', 'actor_member_id', 'action', 'target_id', 'details', 'created_at'],
    key: ['id'],
    where: `target_type = 'report'`,
  },
  {
    file: 'tickets',
    table: 'tickets',
    columns: ['id', 'member_id', 'subject', 'category', 'priority', 'status', 'assignee_id', 'created_at', 'updated_at', 'last_reply_at', 'closed_at'],
    key: ['id'],
  },
  { file: 'ticket-replies', table: 'ticket_replies', columns: ['id', 'ticket_id', 'author_id', 'from_staff', 'body', 'created_at'], key: ['id'] },
  {
    file: 'ticket-history',
    table: 'audit_logs',
    columns: ['id', 'actor_member_id', 'action', 'target_id', 'details', 'created_at'],
    key: ['id'],
    where: `target_type = 'ticket'`,
  },
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
