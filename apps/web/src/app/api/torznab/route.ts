// GET /api/torznab?t=caps|search|tvsearch|movie&q=…&cat=…&apikey=…: the Torznab endpoint
// Prowlarr, Sonarr and Radarr add as a "Generic Torznab" indexer (URL: this site, API
// path: /api/torznab, API key: an API token with the read scope). Always XML; a refusal
// for too many requests or searches is 429 with Retry-After, which Prowlarr waits out.
import { resolveSite } from '@swarmhost/api';
import { answerTorznab } from '@swarmhost/domain/feeds/answer-torznab';
import { renderTorznabError, TORZNAB_ERRORS } from '@swarmhost/domain/feeds/torznab-xml';
import { requestInfoFrom } from '~/server/request-info';
import { apiServices } from '~/server/services';

export const dynamic = 'force-dynamic';

const xml = (status: number, body: string, retryAfterSeconds?: number) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store', ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }) },
  });

export async function GET(request: Request) {
  const services = apiServices();
  const info = requestInfoFrom(request.headers);
  const site = await resolveSite(info.host, services.baseDomain);
  if (site.kind !== 'tenant' || site.tenant.status !== 'active') return xml(404, renderTorznabError({ code: 300, description: 'No community lives at this address' }));
  try {
    const answer = await answerTorznab({
      tenant: site.tenant,
      siteUrl: `${services.protocol}://${info.host}`,
      params: new URL(request.url).searchParams,
      redis: services.redis,
      searchIndex: services.searchIndex,
      searchBudget: services.searchGuard ? { guard: services.searchGuard, tenant: site.tenant } : undefined,
    });
    return xml(answer.status, answer.xml, answer.retryAfterSeconds);
  } catch (error) {
    console.error('torznab: unexpected error', error);
    return xml(500, renderTorznabError(TORZNAB_ERRORS.unknown));
  }
}
