// Server side of the live components: POST /api/realtime/token signs a short-lived
// socket token for whoever is signed in on this host (a member of this tenant, or an
// operator on the console) and says where the gateway is. Same-origin only.
import { signRealtimeToken } from '@swarmhost/auth/realtime-token';
import { loadRealtimeTokenConfig, type RealtimeTokenConfig } from '@swarmhost/config';
import { pageContext } from '~/server/page-context';

let config: RealtimeTokenConfig | undefined;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

export async function POST(request: Request): Promise<Response> {
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  if (origin !== null && host !== null && new URL(origin).host !== host) return json(403, { error: 'cross-origin requests cannot get a live-updates token' });
  config ??= loadRealtimeTokenConfig();
  const { context } = await pageContext();
  const ttlSeconds = config.REALTIME_TOKEN_TTL_SECONDS;
  if (context.site.kind === 'tenant' && context.member && context.member.member.status === 'active') {
    const { id, role } = context.member.member;
    const token = signRealtimeToken({ tenantId: context.site.tenant.id, memberId: id, role }, config.REALTIME_TOKEN_SECRET, { ttlSeconds });
    return json(200, { token, url: config.REALTIME_PUBLIC_URL });
  }
  if (context.site.kind === 'console' && context.operator) {
    // Like every operator action, live dashboards wait for the operator's second factor.
    if (!context.operator.totpEnabled) return json(403, { error: 'set up two-factor authentication in the console before live updates' });
    const token = signRealtimeToken({ tenantId: null, memberId: context.operator.id, role: 'operator' }, config.REALTIME_TOKEN_SECRET, { ttlSeconds });
    return json(200, { token, url: config.REALTIME_PUBLIC_URL });
  }
  return json(401, { error: 'log in to get live updates' });
}
