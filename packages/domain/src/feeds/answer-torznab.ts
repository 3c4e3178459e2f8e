// One Torznab call, from its query parameters to the XML body: the API key is a member's
// API token with the read scope on this tenant (counted against the token's rate
// limit); t=caps|search|tvsearch|movie, with q, cat (the staff-set Newznab mapping),
// imdbid / tmdbid (the torrent's ids), season / ep; anything wrong is a Torznab <error/>, which the
// *arr apps show to their user. Enclosures are the member's RSS-key download links, so
// the API key never appears in the results. A text search through the index spends the
// tenant's search budget (caps and listings do not): past it, HTTP 429 with Retry-After
// and the "Request limit reached" error Prowlarr backs off on, the request not counted
// against the token's own limit.
import type { Redis } from 'ioredis';
import type { SearchIndex } from '@swarmhost/search';
import { resolveApiToken } from '../api-tokens/api-tokens';
import { countTokenRequest, uncountTokenRequest, type TokenRateLimit } from '../api-tokens/token-rate-limit';
import { isAppError, type AppError } from '../errors';
import type { SearchBudget } from '../plans/guarded-search';
import { listFeedTorrents } from './feed-torrents';
import { rssDownloadUrl } from './rss-feed';
import { slugsForNewznabIds, torznabCategories } from './torznab-categories';
import { renderTorznabCaps, renderTorznabError, renderTorznabResults, TORZNAB_ERRORS, TORZNAB_LIMITS } from './torznab-xml';

export interface TorznabAnswer {
  status: number;
  xml: string;
  /** With a 429: seconds until the caller may ask again (the Retry-After header). */
  retryAfterSeconds?: number;
}

const SEARCH_FUNCTIONS = new Set(['search', 'tvsearch', 'tv-search', 'movie', 'movie-search']);

function fail(status: number, error: { code: number; description: string }): TorznabAnswer {
  return { status, xml: renderTorznabError(error) };
}

function rateLimited(error: AppError): TorznabAnswer {
  const retry = error.details?.retryAfterSeconds;
  // The description is the exact text the *arr apps recognise; the reason goes in the element's text.
  return { status: 429, xml: renderTorznabError(TORZNAB_ERRORS.rateLimited, error.message), retryAfterSeconds: typeof retry === 'number' ? retry : 1 };
}

function nonNegativeInt(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

export async function answerTorznab(options: {
  tenant: { id: string; name: string; settings: unknown };
  siteUrl: string;
  params: URLSearchParams;
  redis: Redis;
  searchIndex: SearchIndex;
  rateLimit?: TokenRateLimit;
  /** The tenant's search budget (the site's guard); without it searches are not budgeted. */
  searchBudget?: SearchBudget;
}): Promise<TorznabAnswer> {
  const { params, tenant } = options;
  const fn = params.get('t');
  if (!fn) return fail(400, TORZNAB_ERRORS.missingParameter);
  const apiKey = params.get('apikey');
  if (!apiKey) return fail(401, TORZNAB_ERRORS.missingParameter);
  const token = await resolveApiToken(tenant.id, apiKey);
  if (!token) return fail(401, TORZNAB_ERRORS.badApiKey);
  if (!token.scopes.includes('read')) return fail(403, TORZNAB_ERRORS.noPermission);
  try {
    await countTokenRequest({ redis: options.redis, tokenId: token.tokenId, limit: options.rateLimit });
  } catch (error) {
    if (isAppError(error) && error.code === 'TOO_MANY_REQUESTS') return rateLimited(error);
    throw error;
  }
  const categories = await torznabCategories(tenant.id);
  if (fn === 'caps') return { status: 200, xml: renderTorznabCaps({ title: tenant.name, categories }) };
  if (!SEARCH_FUNCTIONS.has(fn)) return fail(400, TORZNAB_ERRORS.noSuchFunction);

  const limit = nonNegativeInt(params.get('limit'), TORZNAB_LIMITS.default);
  const offset = nonNegativeInt(params.get('offset'), 0);
  const season = nonNegativeInt(params.get('season'), -1);
  const episode = nonNegativeInt(params.get('ep'), -1);
  const imdbParam = (params.get('imdbid') ?? '').trim().toLowerCase();
  const tmdbParam = (params.get('tmdbid') ?? '').trim();
  // Radarr sends imdbid=tt0111161, some apps the digits alone; both mean the same title.
  const imdbDigits = /^(?:tt)?(\d{1,10})$/.exec(imdbParam)?.[1];
  if ((imdbParam !== '' && imdbDigits === undefined) || (tmdbParam !== '' && !/^\d{1,9}$/.test(tmdbParam))) return fail(400, TORZNAB_ERRORS.badParameter);
  const imdbId = imdbDigits === undefined ? undefined : `tt${imdbDigits.padStart(7, '0')}`;
  const tmdbId = tmdbParam === '' ? undefined : Number(tmdbParam);
  const catParam = params.get('cat') ?? '';
  const catIds = catParam.split(',').map((part) => part.trim()).filter(Boolean);
  if (limit === null || offset === null || season === null || episode === null || catIds.some((id) => !/^\d{1,7}$/.test(id))) {
    return fail(400, TORZNAB_ERRORS.badParameter);
  }
  // An id search finds the title by its id: the words (spelt many ways in release names) are left out.
  let text = imdbId !== undefined || tmdbId !== undefined ? '' : (params.get('q') ?? '').trim().slice(0, 200);
  // Sonarr asks for "Show" season 1 episode 2; releases are named "Show S01E02".
  if ((fn === 'tvsearch' || fn === 'tv-search') && season >= 0) {
    text = `${text} S${String(season).padStart(2, '0')}${episode >= 0 ? `E${String(episode).padStart(2, '0')}` : ''}`.trim();
  }
  const slugs = catIds.length > 0 ? slugsForNewznabIds(categories, catIds.map(Number)) : [];
  let torrents: Awaited<ReturnType<typeof listFeedTorrents>> = [];
  if (catIds.length === 0 || slugs.length > 0) {
    try {
      torrents = await listFeedTorrents({
        tenantId: tenant.id,
        tenantSettings: tenant.settings,
        memberId: token.member.id,
        searchIndex: options.searchIndex,
        query: { text, imdbId, tmdbId, categories: slugs, limit: Math.min(limit || TORZNAB_LIMITS.default, TORZNAB_LIMITS.max), offset },
        searchBudget: options.searchBudget,
      });
    } catch (error) {
      // Only the search budget refuses in there: the refused search did nothing, so it costs the token nothing either.
      if (!isAppError(error) || error.code !== 'TOO_MANY_REQUESTS') throw error;
      await uncountTokenRequest({ redis: options.redis, tokenId: token.tokenId });
      return rateLimited(error);
    }
  }
  return {
    status: 200,
    xml: renderTorznabResults({
      title: tenant.name,
      siteUrl: options.siteUrl,
      categories,
      torrents,
      offset,
      downloadUrl: (torrentId) => rssDownloadUrl(options.siteUrl, token.member.rssKey, torrentId),
    }),
  };
}
