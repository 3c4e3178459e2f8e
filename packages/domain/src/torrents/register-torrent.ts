// Registers a .torrent in a tenant: validates it, rewrites it private with the
// tenant's source tag (new info hash; web seeds dropped unless the tenant allows them),
// refuses a duplicate and a category of another tenant, stores it approved or pending,
// and tells the tracker at once. An approved torrent's `search.torrent-changed` outbox
// event is written in the same transaction as the row (the worker indexes it). The
// tenant's plan bounds the .torrent's size, the content it describes and the number of
// torrents (counted under a lock in the insert's transaction, plans/quota.ts).
import { isBitTorrentError } from '@swarmhost/bittorrent';
import { parseMetainfo, rewriteForTenant } from '@swarmhost/bittorrent/metainfo';
import { parseTenantSettings, withTenant, type DbClient } from '@swarmhost/db';
import { OUTBOX_TOPICS, publishInvalidation, type Publisher } from '@swarmhost/events';
import { AppError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox-event';
import type { MailTransport } from '../mail/mail-transport';
import { holdQuota } from '../plans/quota';
import { readTenantLimits } from '../plans/tenant-limits';
import { noteTenantUsageLater } from '../plans/usage-notices';
import { isUniqueViolation } from '../prisma-errors';
import { genericAnnounceUrl } from '../tracker-url';

/** Largest .torrent accepted (the metainfo, not the content). */
export const MAX_TORRENT_FILE_BYTES = 10 * 1024 * 1024;

export interface RegisterTorrentOptions {
  db: DbClient;
  publisher?: Publisher;
  tenantId: string;
  tenantSlug: string;
  uploaderId: string;
  torrentFile: Uint8Array;
  trackerBaseUrl: string;
  categoryId?: string;
  name?: string;
  description?: string;
  status: 'approved' | 'pending';
  /** For the owners' notice when torrents reach 80 % / 100 % of the plan. */
  mail?: MailTransport;
}

function formatSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export async function registerTorrent(options: RegisterTorrentOptions) {
  if (options.torrentFile.byteLength > MAX_TORRENT_FILE_BYTES) {
    throw new AppError('BAD_REQUEST', `the .torrent file is larger than ${MAX_TORRENT_FILE_BYTES / 1024 / 1024} MiB`);
  }
  const tenant = await options.db.tenant.findUnique({ where: { id: options.tenantId }, select: { settings: true, name: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'this tenant does not exist');
  const limits = await readTenantLimits(options.db, options.tenantId);
  if (options.torrentFile.byteLength > limits.maxTorrentFileBytes) {
    throw new AppError('BAD_REQUEST', `the .torrent file is ${formatSize(options.torrentFile.byteLength)}; this community's plan accepts .torrent files up to ${formatSize(limits.maxTorrentFileBytes)}. Nothing was stored.`, { quota: 'torrentFileBytes' });
  }
  const keepWebSeeds = parseTenantSettings(tenant.settings).allowWebSeeds;
  if (options.categoryId) await requireOwnCategory(options.db, options.tenantId, options.categoryId);
  const rewritten = rewriteOrThrow(options, keepWebSeeds);
  const metainfo = parseMetainfo(rewritten.torrent);
  const existing = await options.db.torrent.findFirst({
    where: { tenantId: options.tenantId, infoHash: rewritten.infoHash },
    select: { id: true, name: true },
  });
  if (existing) throw duplicate(rewritten.infoHash, existing);
  if (limits.maxContentBytes !== null && metainfo.totalSize > limits.maxContentBytes) {
    throw new AppError('BAD_REQUEST', `this torrent's content is ${formatSize(metainfo.totalSize)}; this community's plan accepts torrents of up to ${formatSize(limits.maxContentBytes)}. Nothing was stored.`, { quota: 'contentBytes' });
  }
  const approved = options.status === 'approved';
  try {
    const torrent = await withTenant(options.tenantId, async (tx) => {
      await holdQuota(tx, { tenantId: options.tenantId, tenantName: tenant.name, resource: 'torrents' });
      const created = await tx.torrent.create({
        data: {
          tenantId: options.tenantId,
          infoHash: rewritten.infoHash,
          name: options.name?.trim() || metainfo.name,
          description: options.description ?? '',
          size: BigInt(metainfo.totalSize),
          fileCount: metainfo.files.length,
          files: metainfo.files.map((file) => ({ path: file.path, length: file.length })),
          pieceLength: metainfo.pieceLength,
          torrentFile: new Uint8Array(rewritten.torrent),
          categoryId: options.categoryId ?? null,
          uploaderId: options.uploaderId,
          status: options.status,
          approvedAt: approved ? new Date() : null,
        },
        select: { id: true, infoHash: true, name: true, size: true, status: true },
      });
      if (approved) {
        await writeOutboxEvent(tx, { tenantId: options.tenantId, topic: OUTBOX_TOPICS.torrentSearchChanged, payload: { torrentId: created.id } });
      }
      return created;
    });
    if (options.mail) noteTenantUsageLater({ tenantId: options.tenantId, tenantName: tenant.name, mail: options.mail });
    if (options.publisher) {
      await publishInvalidation(options.publisher, {
        kind: 'torrent',
        tenantId: options.tenantId,
        infoHash: torrent.infoHash,
      });
    }
    return { ...torrent, torrentFile: rewritten.torrent, webSeedsKept: keepWebSeeds, originalInfoHash: parseMetainfo(options.torrentFile).infoHash };
  } catch (error) {
    if (isUniqueViolation(error, 'info_hash') || isUniqueViolation(error, 'infoHash')) {
      throw duplicate(rewritten.infoHash, undefined);
    }
    throw error;
  }
}

/**
 * The category must be this tenant's: read with an explicit tenant filter (the system
 * client skips row-level security, and a foreign key alone accepts any tenant's row).
 */
async function requireOwnCategory(db: DbClient, tenantId: string, categoryId: string): Promise<void> {
  const category = await db.category.findFirst({ where: { id: categoryId, tenantId }, select: { id: true } });
  if (!category) throw new AppError('BAD_REQUEST', 'that category does not exist here; pick one from the list');
}

function rewriteOrThrow(options: RegisterTorrentOptions, keepWebSeeds: boolean) {
  try {
    return rewriteForTenant(options.torrentFile, {
      announceUrl: genericAnnounceUrl(options.trackerBaseUrl),
      source: options.tenantSlug,
      keepWebSeeds,
    });
  } catch (error) {
    if (isBitTorrentError(error)) throw new AppError('BAD_REQUEST', `invalid .torrent: ${error.message}`);
    throw error;
  }
}

function duplicate(infoHash: string, existing: { id: string; name: string } | undefined) {
  const which = existing ? ` as "${existing.name}" (id ${existing.id})` : '';
  return new AppError('CONFLICT', `this torrent is already registered in this tenant${which}; info hash ${infoHash}`, {
    infoHash,
    torrentId: existing?.id,
  });
}
