// What POST /api/realtime/token answers: a short-lived socket token for whoever is
// signed in on this host (an active member of this active tenant, or an operator on the
// console), where the gateway is and when the token expires (the page refreshes it
// before then, or its socket ends). The gateway trusts these tokens, so a suspended
// tenant, an ended session or an account that is not active gets none, told why.
import type { ApiContext } from '@swarmhost/api';
import { signRealtimeToken } from '@swarmhost/auth/realtime-token';
import type { RealtimeTokenConfig } from '@swarmhost/config';

export interface TokenAnswer {
  status: number;
  body: { token: string; url: string; expiresAt: number } | { error: string };
}

/** What the token route answers for a request's context (tested without Next's request scope). */
export function realtimeTokenAnswer(context: ApiContext, tokenConfig: RealtimeTokenConfig, nowMs: number = Date.now()): TokenAnswer {
  const options = { ttlSeconds: tokenConfig.REALTIME_TOKEN_TTL_SECONDS, nowMs };
  const expiresAt = (Math.floor(nowMs / 1000) + options.ttlSeconds) * 1000;
  const issue = (claims: Parameters<typeof signRealtimeToken>[0]): TokenAnswer => ({
    status: 200,
    body: { token: signRealtimeToken(claims, tokenConfig.REALTIME_TOKEN_SECRET, options), url: tokenConfig.REALTIME_PUBLIC_URL, expiresAt },
  });
  if (context.site.kind === 'tenant') {
    const { tenant } = context.site;
    if (tenant.status !== 'active') {
      const why = tenant.suspendedReason ? ` (${tenant.suspendedReason})` : '';
      return { status: 403, body: { error: `this community is suspended${why}; live updates are off until the operator resumes it` } };
    }
    if (!context.member) return { status: 401, body: { error: 'your login has ended (logged out, password changed or account disabled); log in again for live updates' } };
    const { id, role, status } = context.member.member;
    if (status !== 'active') return { status: 403, body: { error: `your account is ${status}; live updates need an active account` } };
    return issue({ tenantId: tenant.id, memberId: id, role });
  }
  if (context.site.kind === 'console' && context.operator) {
    // Like every operator action, live dashboards wait for the operator's second factor.
    if (!context.operator.totpEnabled) return { status: 403, body: { error: 'set up two-factor authentication in the console before live updates' } };
    // The operators' room carries every tenant's figures: platform admins only, not community owners.
    if (context.operator.role !== 'admin') return { status: 403, body: { error: "the all-communities live dashboard is for platform admins; your community's own dashboard is on its site" } };
    return issue({ tenantId: null, memberId: context.operator.id, role: 'operator' });
  }
  return { status: 401, body: { error: 'log in to get live updates' } };
}
