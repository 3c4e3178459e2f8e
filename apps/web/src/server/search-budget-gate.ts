// A member's search takes its token from the tenant's search budget (search-guard.ts)
// before the session, tRPC or the database, and is refused with 429 when the budget is
// spent. The site's own server (site-server.mjs) asks here first, in front of Next.js's
// handler, so a flood of refused searches costs the process a cached site lookup and
// one Redis call (none while the tenant is known to be over) instead of Next's whole
// request pipeline; the tRPC route asks again only for requests that did not come
// through that front (next dev, next start) and skips those that did.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cachedMemberSession, MEMBER_COOKIE, resolveSite, type ApiServices } from '@swarmhost/api';
import { isAppError, type AppError } from '@swarmhost/domain';
import { tooManySearches } from '@swarmhost/domain/plans/search-guard';
import { requestCookie } from './cookie-jar';
import { isBatchCall, trpcPath } from './trpc-path';

const SEARCH_PATH = 'torrents.search';
/** Marks a request whose token the front took (a registered symbol: the route's bundle sees the same one). */
const BUDGET_TAKEN = Symbol.for('swarmhost.searchBudgetTaken');

/**
 * Says, on a search passed on to the search lane (search-lane.ts), that the process in
 * front took its token; the value proves it came from a site process (see laneProof).
 */
export const PAID_HEADER = 'x-swarmhost-search-paid';

type MarkedRequest = IncomingMessage & { [BUDGET_TAKEN]?: true };

export function searchBudgetTaken(request: IncomingMessage): boolean {
  return (request as MarkedRequest)[BUDGET_TAKEN] === true;
}

/**
 * The PAID_HEADER value the site's processes agree on: an HMAC of a fixed label under
 * their shared REALTIME_TOKEN_SECRET, so the secret itself never travels and a member
 * who sends the header (through a load balancer that passes it on) cannot know it.
 */
export function laneProof(secret: string): Buffer {
  return createHmac('sha256', secret).update('swarmhost search lane: budget taken in front').digest();
}

/**
 * A search passed on with a valid proof is marked as paid; the header is removed either
 * way, so nothing behind the gate ever sees a member's own copy of it.
 */
function acceptPaidMark(request: IncomingMessage, proof: Buffer | undefined): void {
  const claimed = request.headers[PAID_HEADER];
  if (claimed === undefined) return;
  delete request.headers[PAID_HEADER];
  if (!proof || typeof claimed !== 'string') return;
  const given = Buffer.from(claimed, 'hex');
  if (given.length === proof.length && timingSafeEqual(given, proof)) (request as MarkedRequest)[BUDGET_TAKEN] = true;
}

function header(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Whether this request is a single member search that spends the budget. */
export function isBudgetedSearch(request: IncomingMessage, path: string, batch: boolean): boolean {
  return !batch && path === SEARCH_PATH && header(request, 'cookie').includes(`${MEMBER_COOKIE}=`);
}

function refuse(response: ServerResponse, path: string, error: AppError): true {
  const body = JSON.stringify({ error: { message: error.message, code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, path, details: error.details } } });
  response.writeHead(429, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(error.details?.retryAfterSeconds ?? 1),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
  return true;
}

/**
 * Takes the search's token. Answers the refusal itself (429, Retry-After, tRPC's error
 * shape) and returns true when the budget is spent; returns false when the request
 * should go on: a token taken and the request marked, or nothing to spend (no active
 * tenant, no search guard, no valid session — tRPC then answers UNAUTHORIZED, and an
 * outsider with a made-up cookie never spends a community's budget).
 */
export async function takeSearchBudget(services: ApiServices, request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
  if (searchBudgetTaken(request)) return false;
  const guard = services.searchGuard;
  if (!guard) return false;
  const site = await resolveSite(header(request, 'host').toLowerCase(), services.baseDomain);
  if (site.kind !== 'tenant' || site.tenant.status !== 'active') return false;
  // While the tenant is known to be over, refuse from memory: no session, no Redis.
  const known = guard.refusedFor(site.tenant.id);
  if (known > 0) return refuse(response, path, tooManySearches(site.tenant, known));
  const token = requestCookie(header(request, 'cookie'), MEMBER_COOKIE, services.protocol);
  const session = token ? await cachedMemberSession(site.tenant.id, token) : null;
  if (!session) return false;
  try {
    await guard.take(site.tenant, session.member.id);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'TOO_MANY_REQUESTS') throw error;
    return refuse(response, path, error);
  }
  (request as MarkedRequest)[BUDGET_TAKEN] = true;
  return false;
}

export type FrontGate = (request: IncomingMessage, response: ServerResponse) => false | Promise<boolean>;

/**
 * The front gate the site's server calls for every request: false at once for anything
 * but a member's single search (no promise, no work), else the budget's answer (true:
 * answered here). `proof` (laneProof) is given where searches may arrive from a site
 * process in front that took their tokens already: the search lane.
 */
export function searchBudgetFront(services: () => ApiServices, proof?: Buffer): FrontGate {
  return (request, response) => {
    if (request.method !== 'GET' || !request.url) return false;
    const path = trpcPath(request.url);
    if (path === undefined || !isBudgetedSearch(request, path, isBatchCall(request.url))) return false;
    acceptPaidMark(request, proof);
    return takeSearchBudget(services(), request, response, path);
  };
}
