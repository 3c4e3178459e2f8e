// What every procedure knows about its request: the site (tenant or console), who is
// signed in there, the client's address, and the services use cases need.
import type { RelyingParty } from '@swarmhost/auth/webauthn';
import {
  resolveMemberSession,
  resolveOperatorSession,
  type LoginLimits,
  type MailTransport,
  type ResolvedSession,
  type SessionOperator,
} from '@swarmhost/domain';
import type { Publisher } from '@swarmhost/events';
import type { SearchIndex } from '@swarmhost/search';
import type { Redis } from 'ioredis';
import { resolveSite, type Site } from './site';

export const MEMBER_COOKIE = 'sh_session';
export const OPERATOR_COOKIE = 'sh_operator';

export interface ApiServices {
  redis: Redis;
  publisher: Publisher;
  mail: MailTransport;
  searchIndex: SearchIndex;
  baseDomain: string;
  protocol: 'http' | 'https';
  trackerBaseUrl: string;
  loginLimits: LoginLimits;
}

export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, expires: Date): void;
  clear(name: string): void;
}

export interface RequestInfo {
  host: string;
  ip: string;
  userAgent?: string;
}

export interface ApiContext {
  services: ApiServices;
  site: Site;
  request: RequestInfo;
  cookies: CookieJar;
  member: ResolvedSession | null;
  operator: SessionOperator | null;
  /** scheme://host[:port] of this site, for links in mails and WebAuthn origins. */
  siteUrl: string;
}

export async function createApiContext(options: { services: ApiServices; request: RequestInfo; cookies: CookieJar }): Promise<ApiContext> {
  const { services, request, cookies } = options;
  const site = await resolveSite(request.host, services.baseDomain);
  const memberToken = site.kind === 'tenant' ? cookies.get(MEMBER_COOKIE) : undefined;
  const operatorToken = site.kind === 'console' ? cookies.get(OPERATOR_COOKIE) : undefined;
  const [member, operator] = await Promise.all([
    memberToken && site.kind === 'tenant' ? resolveMemberSession(site.tenant.id, memberToken) : null,
    operatorToken ? resolveOperatorSession(services.redis, operatorToken) : null,
  ]);
  return { services, site, request, cookies, member, operator, siteUrl: `${services.protocol}://${request.host}` };
}

export function relyingPartyFor(context: ApiContext, name: string): RelyingParty {
  return { name, id: context.request.host.replace(/:\d+$/, ''), origin: context.siteUrl };
}
