// An upload through the REST API (what upload tools call): the token needs the upload
// scope, then it is the site's own upload — uploadTorrent's validation, duplicate
// refusal, plan quotas and moderation — and the write is audited with the token's id.
import { forTenant, withTenant } from '@swarmhost/db';
import type { Publisher } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { requireVerifiedEmail } from '../members/require-verified-email';
import { uploadTorrent } from '../torrents/upload-torrent';
import { requireScope, type ResolvedApiToken } from './api-tokens';

export async function uploadWithToken(options: {
  token: ResolvedApiToken;
  tenant: { id: string; slug: string; settings: unknown };
  publisher?: Publisher;
  mail?: MailTransport;
  trackerBaseUrl: string;
  torrentFile: Uint8Array;
  name?: string;
  /** A category's id or slug. */
  category?: string;
  tags?: string[];
  description?: string;
  anonymous?: boolean;
  /** "tt" + 7-10 digits; TMDB id a positive integer. */
  imdbId?: string | null;
  tmdbId?: string | number | null;
}) {
  requireScope(options.token, 'upload');
  const tenantId = options.tenant.id;
  const memberId = options.token.member.id;
  await requireVerifiedEmail({ tenantId, memberId, action: 'upload torrents' });
  if (options.torrentFile.byteLength === 0) throw new AppError('BAD_REQUEST', 'the .torrent file is empty; send the file in the "file" field');
  let categoryId: string | undefined;
  if (options.category) {
    const isId = /^[0-9a-f-]{36}$/i.test(options.category);
    const category = await forTenant(tenantId).category.findFirst({
      where: isId ? { id: options.category } : { slug: options.category.toLowerCase() },
      select: { id: true },
    });
    if (!category) throw new AppError('BAD_REQUEST', `category "${options.category}" does not exist here; GET /api/v1/categories lists them`);
    categoryId = category.id;
  }
  const uploaded = await uploadTorrent({
    publisher: options.publisher,
    mail: options.mail,
    tenant: options.tenant,
    uploaderId: memberId,
    torrentFile: options.torrentFile,
    trackerBaseUrl: options.trackerBaseUrl,
    name: options.name,
    categoryId,
    tags: options.tags,
    description: options.description,
    anonymous: options.anonymous,
    imdbId: options.imdbId,
    tmdbId: options.tmdbId,
  });
  await withTenant(tenantId, (tx) =>
    recordAudit(tx, {
      tenantId,
      actorMemberId: memberId,
      action: 'api.torrent.upload',
      targetType: 'torrent',
      targetId: uploaded.id,
      details: { apiTokenId: options.token.tokenId, infoHash: uploaded.infoHash },
    }),
  );
  return uploaded;
}
