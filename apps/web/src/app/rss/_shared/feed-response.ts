// The personal RSS feeds (/rss/<rsskey>, /rss/<rsskey>/bookmarks): the tenant from the
// Host, the member from the RSS key in the URL (no cookie; a rotated key stops at once),
// a saved search as query parameters (q, category, tag, freeleech). Wrong keys get a
// plain 404 so feeds reveal nothing about who exists. Each key (and the tenant's keys
// together) is rate-limited: past it, 429 with Retry-After and a plain message. A saved
// search (q) spends the community's search budget like the site's search box, refused
// the same way, and then the fetch does not count against the key.
import { resolveSite } from '@swarmhost/api';
import { AppError, isAppError, listCategories } from '@swarmhost/domain';
import { listFeedTorrents, type FeedQuery } from '@swarmhost/domain/feeds/feed-torrents';
import { renderRssFeed } from '@swarmhost/domain/feeds/rss-feed';
import { resolveRssKey } from '@swarmhost/domain/feeds/rss-member';
import { countRssRequest, uncountRssRequest, type RssRequestKind } from '@swarmhost/domain/feeds/rss-rate-limit';
import { requestInfoFrom } from '~/server/request-info';
import { apiServices } from '~/server/services';

export function text(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

/** Tenant and member for an RSS-key URL (the call counted against the key's limit), or the plain-text refusal to send. */
export async function feedCaller(request: Request, rssKey: string, kind: RssRequestKind) {
  const services = apiServices();
  const info = requestInfoFrom(request.headers);
  const site = await resolveSite(info.host, services.baseDomain);
  if (site.kind !== 'tenant' || site.tenant.status !== 'active') return { ok: false, refusal: text(404, 'Not found: no community lives at this address.') } as const;
  const member = await resolveRssKey(site.tenant.id, rssKey);
  if (!member) return { ok: false, refusal: text(404, 'Not found: this RSS key is not valid here (it may have been rotated); copy the feed address from Settings again.') } as const;
  try {
    await countRssRequest({ redis: services.redis, tenantId: site.tenant.id, rssKey: member.rssKey, kind });
  } catch (error) {
    const retry = isAppError(error) && error.code === 'TOO_MANY_REQUESTS' ? error.details?.retryAfterSeconds : undefined;
    if (typeof retry === 'number' && isAppError(error)) return { ok: false, refusal: text(429, `Too many requests: ${error.message}.`, { 'retry-after': String(retry) }) } as const;
    throw error;
  }
  return { ok: true, services, tenant: site.tenant, member, siteUrl: `${services.protocol}://${info.host}` } as const;
}

function savedSearch(params: URLSearchParams): FeedQuery {
  const text = (params.get('q') ?? '').trim();
  if (text.length > 200) throw new AppError('BAD_REQUEST', 'q must be at most 200 characters');
  const limit = params.get('limit');
  if (limit !== null && !/^\d{1,3}$/.test(limit)) throw new AppError('BAD_REQUEST', 'limit must be a whole number from 1 to 100');
  return {
    text: text || undefined,
    category: params.get('category') || undefined,
    tag: params.get('tag') || undefined,
    freeleech: params.get('freeleech') === '1' || params.get('freeleech') === 'true',
    limit: limit === null ? 50 : Number(limit),
  };
}

export async function feedResponse(request: Request, rssKey: string, kind: 'all' | 'bookmarks'): Promise<Response> {
  const caller = await feedCaller(request, rssKey, 'feed');
  if (!caller.ok) return caller.refusal;
  const url = new URL(request.url);
  try {
    const query = { ...savedSearch(url.searchParams), bookmarks: kind === 'bookmarks' };
    let categoryName: string | null = null;
    if (query.category) {
      const category = (await listCategories(caller.tenant.id)).find((row) => row.slug === query.category);
      if (!category) return text(404, `Not found: there is no category "${query.category}" here; copy a category feed's address from Settings again.`);
      categoryName = category.name;
    }
    const guard = caller.services.searchGuard;
    const torrents = await listFeedTorrents({
      tenantId: caller.tenant.id,
      tenantSettings: caller.tenant.settings,
      memberId: caller.member.id,
      searchIndex: caller.services.searchIndex,
      query,
      searchBudget: guard ? { guard, tenant: caller.tenant } : undefined,
    });
    const what = [kind === 'bookmarks' ? 'bookmarks' : 'new torrents', categoryName ? `in ${categoryName}` : null, query.text ? `matching “${query.text}”` : null].filter(Boolean).join(' ');
    const xml = renderRssFeed({
      channel: {
        title: `${caller.tenant.name}: ${what}`,
        siteUrl: caller.siteUrl,
        selfUrl: `${caller.siteUrl}${url.pathname}${url.search}`,
        description: `${caller.member.username}'s personal feed on ${caller.tenant.name}`,
      },
      rssKey: caller.member.rssKey,
      torrents,
    });
    return new Response(xml, { headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'private, no-store' } });
  } catch (error) {
    if (isAppError(error) && error.code === 'BAD_REQUEST') return text(400, `Bad request: ${error.message}.`);
    if (isAppError(error) && error.code === 'TOO_MANY_REQUESTS') {
      // The search budget refused before any search work: the fetch is given back to the key.
      await uncountRssRequest({ redis: caller.services.redis, tenantId: caller.tenant.id, rssKey: caller.member.rssKey, kind: 'feed' });
      return text(429, `Too many searches: ${error.message}.`, { 'retry-after': String(error.details?.retryAfterSeconds ?? 1) });
    }
    throw error;
  }
}
