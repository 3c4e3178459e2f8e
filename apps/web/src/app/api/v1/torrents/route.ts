// GET /api/v1/torrents: search (q) or browse the tenant's approved torrents, filtered by
// category slug, tag and freeleech; a page at a time. POST /api/v1/torrents: upload a
// .torrent as multipart/form-data (file, name, category, tags, description, anonymous)
// with a token holding the upload scope: the site's own upload rules and quotas apply.
import { browseTorrents, MAX_TORRENT_FILE_BYTES, searchTorrents, type TorrentPage } from '@swarmhost/domain';
import { uploadWithToken } from '@swarmhost/domain/api-tokens/upload-with-token';
import { AppError, isAppError } from '@swarmhost/domain';
import { uncountTokenRequest } from '@swarmhost/domain/api-tokens/token-rate-limit';
import { searchWithinBudget } from '@swarmhost/domain/plans/guarded-search';
import { json, withApiToken } from '../_shared/api-call';

export const dynamic = 'force-dynamic';

/** The form fields besides the file stay small: descriptions are at most 20,000 characters. */
const MAX_UPLOAD_REQUEST_BYTES = MAX_TORRENT_FILE_BYTES + 256 * 1024;

function positiveInt(value: string | null, name: string, fallback: number, max: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new AppError('BAD_REQUEST', `${name} must be a whole number from 1`);
  return Math.min(max, Number(value));
}

function withLinks(page: TorrentPage, siteUrl: string) {
  return {
    ...page,
    items: page.items.map((item) => ({ ...item, url: `${siteUrl}/torrents/${item.id}`, downloadUrl: `${siteUrl}/api/v1/torrents/${item.id}/download` })),
  };
}

export function GET(request: Request) {
  return withApiToken(request, 'read', async ({ tenant, token, services, siteUrl }) => {
    const params = new URL(request.url).searchParams;
    const filters = {
      tenantId: tenant.id,
      tenantSettings: tenant.settings,
      memberId: token.member.id,
      category: params.get('category') || undefined,
      tag: params.get('tag') || undefined,
      freeleech: params.get('freeleech') === 'true' || params.get('freeleech') === '1',
      page: positiveInt(params.get('page'), 'page', 1, 10_000),
      pageSize: positiveInt(params.get('pageSize'), 'pageSize', 25, 100),
    };
    const text = (params.get('q') ?? '').trim();
    if (text.length > 200) throw new AppError('BAD_REQUEST', 'q must be at most 200 characters');
    if (!text) return json(200, withLinks(await browseTorrents(filters), siteUrl));
    // A search spends the community's search budget and waits in its line like the site's
    // (search-guard.ts); refused (429 through withApiToken), it did no work, so the call
    // is given back to the token's own limit.
    const guard = services.searchGuard;
    try {
      const page = await searchWithinBudget(guard ? { guard, tenant, memberId: token.member.id } : undefined, () => searchTorrents({ ...filters, searchIndex: services.searchIndex, text }));
      return json(200, withLinks(page, siteUrl));
    } catch (error) {
      if (isAppError(error) && error.code === 'TOO_MANY_REQUESTS') await uncountTokenRequest({ redis: services.redis, tokenId: token.tokenId });
      throw error;
    }
  });
}

function optionalText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (typeof value !== 'string') throw new AppError('BAD_REQUEST', `"${name}" must be a text field, not a file`);
  return value;
}

export function POST(request: Request) {
  return withApiToken(request, 'upload', async ({ tenant, token, services, siteUrl }) => {
    const length = Number(request.headers.get('content-length') ?? '0');
    if (length > MAX_UPLOAD_REQUEST_BYTES) {
      throw new AppError('BAD_REQUEST', `the request is too large: the .torrent file may be at most ${MAX_TORRENT_FILE_BYTES / 1024 / 1024} MiB`);
    }
    if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
      throw new AppError('BAD_REQUEST', 'send multipart/form-data with the .torrent in the "file" field (curl -F file=@x.torrent)');
    }
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new AppError('BAD_REQUEST', 'the multipart body could not be read; send multipart/form-data with a "file" field');
    }
    const file = form.get('file');
    if (!file || typeof file === 'string') throw new AppError('BAD_REQUEST', 'the "file" field with the .torrent file is missing');
    if (file.size > MAX_TORRENT_FILE_BYTES) throw new AppError('BAD_REQUEST', `the .torrent file must be at most ${MAX_TORRENT_FILE_BYTES / 1024 / 1024} MiB`);
    const tagText = form.getAll('tags').map((value) => (typeof value === 'string' ? value : ''));
    const anonymous = optionalText(form, 'anonymous');
    if (anonymous !== undefined && !['true', 'false', '1', '0'].includes(anonymous)) throw new AppError('BAD_REQUEST', '"anonymous" must be true or false');
    const uploaded = await uploadWithToken({
      token,
      tenant,
      publisher: services.publisher,
      mail: services.mail,
      trackerBaseUrl: services.trackerBaseUrl,
      torrentFile: new Uint8Array(await file.arrayBuffer()),
      name: optionalText(form, 'name') || undefined,
      category: optionalText(form, 'category') || undefined,
      tags: tagText.flatMap((value) => value.split(',')).map((tag) => tag.trim()).filter(Boolean),
      description: optionalText(form, 'description'),
      anonymous: anonymous === 'true' || anonymous === '1',
      imdbId: optionalText(form, 'imdb_id') || undefined,
      tmdbId: optionalText(form, 'tmdb_id') || undefined,
    });
    return json(201, { ...uploaded, url: `${siteUrl}/torrents/${uploaded.id}`, downloadUrl: `${siteUrl}/api/v1/torrents/${uploaded.id}/download` }, { location: `${siteUrl}/api/v1/torrents/${uploaded.id}` });
  });
}
