// A member's upload from the site: checks the fields, registers the .torrent through
// registerTorrent (validation, private rewrite with the tenant's source, duplicate
// refusal), then attaches tags. Uploads wait for staff when the tenant moderates.
import { forTenant, parseTenantSettings, withTenant } from '@swarmhost/db';
import { OUTBOX_TOPICS, type Publisher } from '@swarmhost/events';
import { AppError } from '../errors';
import { writeOutboxEvent } from '../outbox/write-outbox-event';
import type { MailTransport } from '../mail/mail-transport';
import { parseImdbId, parseTmdbId } from './media-ids';
import { registerTorrent } from './register-torrent';

export const MAX_DESCRIPTION_LENGTH = 20_000;
const MAX_TAGS = 10;
const TAG_PATTERN = /^[a-z0-9][a-z0-9.+-]{0,29}$/;

export interface UploadTorrentOptions {
  publisher?: Publisher;
  tenant: { id: string; slug: string; settings: unknown };
  uploaderId: string;
  torrentFile: Uint8Array;
  trackerBaseUrl: string;
  name?: string;
  categoryId?: string;
  tags?: string[];
  description?: string;
  anonymous?: boolean;
  /** IMDb title id ("tt" + 7-10 digits) and TMDB id, for *arr apps (Torznab imdbid/tmdbid). */
  imdbId?: string | null;
  tmdbId?: string | number | null;
  /** For the owners' notice when torrents reach 80 % / 100 % of the plan. */
  mail?: MailTransport;
}

export function normaliseTags(tags: readonly string[]): string[] {
  const cleaned = [...new Set(tags.map((tag) => tag.trim().toLowerCase().replace(/\s+/g, '-')).filter(Boolean))];
  if (cleaned.length > MAX_TAGS) throw new AppError('BAD_REQUEST', `use at most ${MAX_TAGS} tags`);
  for (const tag of cleaned) {
    if (!TAG_PATTERN.test(tag)) {
      throw new AppError('BAD_REQUEST', `tag "${tag}" is not allowed: use 1-30 lowercase letters, digits, dots, plus or hyphens`);
    }
  }
  return cleaned;
}

export async function uploadTorrent(options: UploadTorrentOptions) {
  const tenantId = options.tenant.id;
  const description = options.description ?? '';
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new AppError('BAD_REQUEST', `the description is longer than ${MAX_DESCRIPTION_LENGTH} characters; shorten it`);
  }
  const name = options.name?.trim();
  if (name !== undefined && name.length > 250) throw new AppError('BAD_REQUEST', 'the name must be at most 250 characters');
  const tags = normaliseTags(options.tags ?? []);
  const imdbId = parseImdbId(options.imdbId);
  const tmdbId = parseTmdbId(options.tmdbId);
  const db = forTenant(tenantId);
  if (options.categoryId) {
    const category = await db.category.findUnique({ where: { id: options.categoryId }, select: { id: true } });
    if (!category) throw new AppError('BAD_REQUEST', 'that category does not exist here; pick one from the list');
  }
  const moderated = parseTenantSettings(options.tenant.settings).moderationRequired;
  const registered = await registerTorrent({
    db,
    publisher: options.publisher,
    tenantId,
    tenantSlug: options.tenant.slug,
    uploaderId: options.uploaderId,
    torrentFile: options.torrentFile,
    trackerBaseUrl: options.trackerBaseUrl,
    categoryId: options.categoryId,
    name: name || undefined,
    description,
    status: moderated ? 'pending' : 'approved',
    mail: options.mail,
  });
  try {
    await withTenant(tenantId, async (tx) => {
      if (options.anonymous || imdbId !== null || tmdbId !== null) {
        await tx.torrent.update({ where: { id: registered.id }, data: { ...(options.anonymous ? { anonymous: true } : {}), imdbId, tmdbId } });
      }
      for (const tag of tags) {
        const row = await tx.tag.upsert({
          where: { tenantId_name: { tenantId, name: tag } },
          create: { tenantId, name: tag },
          update: {},
          select: { id: true },
        });
        await tx.torrentTag.create({ data: { tenantId, torrentId: registered.id, tagId: row.id } });
      }
      // The first index write (registerTorrent's event) may miss the tags: index it again with them.
      if (tags.length > 0 && registered.status === 'approved') {
        await writeOutboxEvent(tx, { tenantId, topic: OUTBOX_TOPICS.torrentSearchChanged, payload: { torrentId: registered.id } });
      }
    });
  } catch (error) {
    // Leave no torrent without the tags the uploader asked for.
    await db.torrent.delete({ where: { id: registered.id } });
    throw error;
  }
  return { id: registered.id, name: registered.name, infoHash: registered.infoHash, status: registered.status };
}
