// What every /api/v1 handler shares: the tenant from the Host (like every page), the
// member from `Authorization: Bearer <token>` (an API token of this tenant), the scope
// the call needs, the token's rate limit, and JSON errors `{ error: { code, message } }`
// with the status AppError's code maps to. Cookies are ignored: a browser session is
// not an API credential, so no cross-site request can use one here.
import { resolveSite, type ApiServices } from '@swarmhost/api';
import { resolveApiToken, requireScope, type ApiTokenScope, type ResolvedApiToken } from '@swarmhost/domain/api-tokens/api-tokens';
import { countTokenRequest } from '@swarmhost/domain/api-tokens/token-rate-limit';
import { AppError, httpStatusFor, isAppError, type SiteTenant } from '@swarmhost/domain';
import { requestInfoFrom } from '~/server/request-info';
import { apiServices } from '~/server/services';

export interface ApiCall {
  services: ApiServices;
  tenant: SiteTenant;
  token: ResolvedApiToken;
  /** scheme://host of this site, for links in answers. */
  siteUrl: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

export function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { error: { code, message } }, headers);
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Runs `handle` for a caller holding a live token with `scope` on this tenant; every refusal is JSON. */
export async function withApiToken(request: Request, scope: ApiTokenScope, handle: (call: ApiCall) => Promise<Response>): Promise<Response> {
  const services = apiServices();
  const info = requestInfoFrom(request.headers);
  try {
    const site = await resolveSite(info.host, services.baseDomain);
    if (site.kind !== 'tenant' || site.tenant.status !== 'active') return jsonError(404, 'NOT_FOUND', 'no community lives at this address');
    const secret = bearerToken(request);
    const challenge = { 'www-authenticate': 'Bearer realm="api"' };
    if (!secret) return jsonError(401, 'UNAUTHORIZED', 'send "Authorization: Bearer <token>" with an API token from Settings → API tokens', challenge);
    const token = await resolveApiToken(site.tenant.id, secret);
    if (!token) return jsonError(401, 'UNAUTHORIZED', 'this token is unknown here, revoked or expired; create a new one in Settings → API tokens', challenge);
    requireScope(token, scope);
    await countTokenRequest({ redis: services.redis, tokenId: token.tokenId });
    return await handle({ services, tenant: site.tenant, token, siteUrl: `${services.protocol}://${info.host}` });
  } catch (error) {
    if (isAppError(error)) {
      const retry = error.details?.retryAfterSeconds;
      return jsonError(httpStatusFor(error.code), error.code, error.message, typeof retry === 'number' ? { 'retry-after': String(retry) } : {});
    }
    console.error('api/v1: unexpected error', error);
    return jsonError(500, 'INTERNAL', 'something went wrong on our side; try again in a moment');
  }
}

/** A path id that cannot be a torrent is a plain 404, before any query. */
export function requireTorrentId(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError('NOT_FOUND', 'this torrent does not exist here');
  return id.toLowerCase();
}
