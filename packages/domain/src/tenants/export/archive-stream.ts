// The export's archive as a stream of tar blocks, produced page by page: one keyset
// page of rows (or of .torrent files) is in memory at a time, whatever the tenant's
// size. Rows are turned into JSON by PostgreSQL (row_to_json over the allow-listed
// columns only); the caller gzips the stream and stores it.
import type { DbClient } from '@swarmhost/db';
import { EXPORT_TABLES, ROWS_PER_PART, TENANT_COLUMNS, TORRENT_FILES_PER_PAGE, type ExportTable } from './export-tables';
import { TAR_END, tarEntry } from './tar';

export interface ExportProgress {
  stage: string;
  rowsDone: number;
}

export interface ArchiveOptions {
  db: DbClient;
  tenantId: string;
  modified: Date;
  /** Called after every part written; may throw to stop the export. */
  onProgress: (progress: ExportProgress) => Promise<void>;
}

const partName = (file: string, part: number) => `${file}/${String(part).padStart(4, '0')}.json`;

/** Rows each file will hold: the total of the progress bar. */
export async function countExportRows(db: DbClient, tenantId: string): Promise<number> {
  const parts = EXPORT_TABLES.map((table) => `(SELECT count(*) FROM "${table.table}" WHERE tenant_id = $1::uuid${table.where ? ` AND (${table.where})` : ''})`);
  const [row] = await db.$queryRawUnsafe<{ total: bigint }[]>(
    `SELECT ${parts.join(' + ')} + (SELECT count(*) FROM torrents WHERE tenant_id = $1::uuid) AS total`,
    tenantId,
  );
  return Number(row?.total ?? 0);
}

async function* tableParts(options: ArchiveOptions, table: ExportTable, progress: ExportProgress): AsyncGenerator<Buffer> {
  const columns = table.columns.map((column) => (table.computed?.[column] ? `${table.computed[column]} AS "${column}"` : `"${column}"`)).join(', ');
  const only = table.where ? ` AND (${table.where})` : '';
  const keys = table.key.map((column) => `"${column}"`).join(', ');
  const keyOut = table.key.map((column, index) => `r."${column}"::text AS k${index}`).join(', ');
  const after = table.key.map((_, index) => `$${index + 2}::uuid`).join(', ');
  let cursor: string[] | undefined;
  let part = 0;
  for (;;) {
    const where = (cursor ? `tenant_id = $1::uuid AND (${keys}) > (${after})` : 'tenant_id = $1::uuid') + only;
    const rows = await options.db.$queryRawUnsafe<Record<string, string>[]>(
      `SELECT row_to_json(r)::text AS json, ${keyOut}
         FROM (SELECT ${columns} FROM "${table.table}" WHERE ${where} ORDER BY ${keys} LIMIT ${ROWS_PER_PART}) r`,
      options.tenantId,
      ...(cursor ?? []),
    );
    if (rows.length === 0 && part > 0) return;
    part += 1;
    const text = `[\n${rows.map((row) => row.json).join(',\n')}\n]\n`;
    yield* tarEntry(partName(table.file, part), Buffer.from(text, 'utf8'), options.modified);
    progress.rowsDone += rows.length;
    progress.stage = table.file;
    await options.onProgress(progress);
    const last = rows.at(-1);
    if (!last || rows.length < ROWS_PER_PART) return;
    cursor = table.key.map((_, index) => last[`k${index}`] ?? '');
  }
}

/** Each torrent's stored .torrent file as `torrent-files/<info hash>.torrent`. */
async function* torrentFiles(options: ArchiveOptions, progress: ExportProgress): AsyncGenerator<Buffer> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await options.db.$queryRawUnsafe<{ id: string; info_hash: string; torrent_file: Uint8Array }[]>(
      `SELECT id::text AS id, info_hash, torrent_file FROM torrents
        WHERE tenant_id = $1::uuid ${cursor ? 'AND id > $2::uuid' : ''} ORDER BY id LIMIT ${TORRENT_FILES_PER_PAGE}`,
      options.tenantId,
      ...(cursor ? [cursor] : []),
    );
    for (const row of rows) yield* tarEntry(`torrent-files/${row.info_hash}.torrent`, row.torrent_file, options.modified);
    if (rows.length > 0) {
      progress.rowsDone += rows.length;
      progress.stage = 'torrent-files';
      await options.onProgress(progress);
    }
    if (rows.length < TORRENT_FILES_PER_PAGE) return;
    cursor = rows.at(-1)?.id;
  }
}

async function communityFile(options: ArchiveOptions): Promise<Buffer> {
  const columns = TENANT_COLUMNS.map((column) => `"${column}"`).join(', ');
  const [row] = await options.db.$queryRawUnsafe<{ json: string }[]>(
    `SELECT json_build_object(
        'community', (SELECT row_to_json(r) FROM (SELECT ${columns} FROM tenants WHERE id = $1::uuid) r),
        'hosts', (SELECT coalesce(json_agg(h.host ORDER BY h.host), '[]'::json) FROM tenant_hosts h WHERE h.tenant_id = $1::uuid),
        'plan', (SELECT row_to_json(p) FROM (
            SELECT p.name, p.max_members, p.max_torrents, p.announces_per_second, p.max_torrent_file_bytes, p.max_content_bytes::text AS max_content_bytes
              FROM plans p JOIN tenants t ON t.plan_id = p.id WHERE t.id = $1::uuid) p),
        'site', (SELECT row_to_json(s) FROM (
            SELECT accent_color, rules_markdown, faq_markdown, logo_type, logo_updated_at, updated_at FROM tenant_sites WHERE tenant_id = $1::uuid) s),
        'format', 'swarmhost-export-1'
      )::text AS json`,
    options.tenantId,
  );
  if (!row) throw new Error(`tenant ${options.tenantId} is gone`);
  return Buffer.from(`${row.json}\n`, 'utf8');
}

/** The logo the site shows, as uploaded (`site-logo.png|jpg|webp`), when there is one. */
async function* siteLogo(options: ArchiveOptions): AsyncGenerator<Buffer> {
  const [logo] = await options.db.$queryRaw<{ logo_image: Uint8Array; logo_type: string }[]>`
    SELECT logo_image, logo_type FROM tenant_sites WHERE tenant_id = ${options.tenantId}::uuid AND logo_image IS NOT NULL`;
  if (!logo) return;
  const extension = logo.logo_type === 'image/jpeg' ? 'jpg' : logo.logo_type === 'image/webp' ? 'webp' : 'png';
  yield* tarEntry(`site-logo.${extension}`, Buffer.from(logo.logo_image), options.modified);
}

const README = `Swarmhost community export (format swarmhost-export-1)

community.json       the community's name, address, settings, plan, host names, look, rules and FAQ
site-logo.*          the site's logo, when it has one
<table>/0001.json    one JSON array per file, at most ${ROWS_PER_PART} rows each, in id order
torrent-files/       every torrent's .torrent file as uploaded, named by its info hash

Forums come whole: forum-categories, forums, forum-permissions (per group), forum-topics,
forum-posts and forum-post-revisions (each edit's earlier text). Reports and tickets come
with what staff did: reports (with the resolution note), report-history and
ticket-history (the audit entries: assignments, status changes, notes), tickets and
ticket-replies (the messages between the member and staff).

Members come without passwords, two-factor secrets, recovery codes, passkeys, RSS keys,
WebAuthn credentials, sessions or tokens: they set a new password wherever you import them.

Private messages are not in this export, neither their conversations nor their text:
members' private conversations are theirs, not the community's to take away. A report on
a private message keeps its reason and outcome, but not the quoted message.
`;

export async function* exportArchive(options: ArchiveOptions): AsyncGenerator<Buffer> {
  const progress: ExportProgress = { stage: 'community.json', rowsDone: 0 };
  yield* tarEntry('README.txt', Buffer.from(README, 'utf8'), options.modified);
  yield* tarEntry('community.json', await communityFile(options), options.modified);
  yield* siteLogo(options);
  for (const table of EXPORT_TABLES) yield* tableParts(options, table, progress);
  yield* torrentFiles(options, progress);
  yield TAR_END;
}
