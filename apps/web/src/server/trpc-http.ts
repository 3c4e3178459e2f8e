// tRPC over HTTP at /api/trpc/<procedure>: the whole handling of a call, on Node's
// request and response. Two callers run it: the site's own server (site-server.mjs), in
// front of Next.js, through `trpcFront` — a call then costs no routing, API resolver or
// header rules of Next's (measured in the README, "Noisy neighbour, the site") — and the
// Pages Router route (pages/api/trpc/[trpc].ts), for next dev and next start.
//
// Mutations are refused unless they come from a page of the same host (CSRF); batches
// are capped and sign-in calls never batched (a batch runs its calls at once); a member's
// search spends the community's search budget first (search-budget-gate.ts); session
// cookies go onto the response from here; every answer carries the site's static
// security headers, as next.config.ts gives every other response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRouter, batchRefusal, createApiContext, MAX_BATCH_CALLS, type ApiServices } from '@swarmhost/api';
import { isAppError, MAX_TORRENT_FILE_BYTES } from '@swarmhost/domain';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { HSTS_HEADER, STATIC_SECURITY_HEADERS } from '../security-headers';
import { responseCookieJar } from './cookie-jar';
import { isSameOriginRequest, requestInfoFrom } from './request-info';
import { isBudgetedSearch, searchBudgetTaken, takeSearchBudget, type FrontGate } from './search-budget-gate';
import { isBatchCall, trpcPath } from './trpc-path';

// tRPC reads the body itself, and stops reading past MAX_REQUEST_BYTES (413
// PAYLOAD_TOO_LARGE): the largest legitimate request is an upload, a .torrent of at most
// MAX_TORRENT_FILE_BYTES in base64 plus its description, which its input schema checks.
const MAX_REQUEST_BYTES = Math.ceil(MAX_TORRENT_FILE_BYTES / 3) * 4 + 1024 * 1024;

/** Node's header object read like web Headers (first value of a repeated header). */
function nodeHeaders(request: IncomingMessage): { get(name: string): string | null } {
  return {
    get: (name) => {
      const value = request.headers[name.toLowerCase()];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  };
}

/** The longest Retry-After among the call's refusals (AppError details.retryAfterSeconds). */
function retryAfter(errors: readonly { cause?: unknown }[]): number | undefined {
  const seconds = errors.map((error) => (isAppError(error.cause) ? error.cause.details?.retryAfterSeconds : undefined)).filter((value): value is number => typeof value === 'number');
  return seconds.length > 0 ? Math.max(...seconds) : undefined;
}

function answerJson(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** The static security headers, and HSTS behind an https proxy (next.config.ts's rules). */
function setSecurityHeaders(request: IncomingMessage, response: ServerResponse): void {
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.setHeader(key, value);
  if (nodeHeaders(request).get('x-forwarded-proto') === 'https') response.setHeader(HSTS_HEADER.key, HSTS_HEADER.value);
}

export interface TrpcSite {
  services: ApiServices;
  /** Proxies whose X-Forwarded-For is believed (WEB_TRUSTED_PROXIES). */
  trustedProxies: readonly string[];
}

/**
 * Answers one tRPC request: `path` is the procedure, or several joined by commas for a
 * batch. Resolves once the answer is written; never rejects (tRPC answers its own errors).
 */
export async function handleTrpcRequest(site: TrpcSite, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const { services } = site;
  const headers = nodeHeaders(request);
  if (request.method !== 'GET' && !isSameOriginRequest(headers)) {
    return answerJson(response, 403, { error: { message: 'cross-site requests are refused; use the site itself' } });
  }
  const batch = isBatchCall(request.url ?? '');
  const refusal = batchRefusal(path, batch);
  if (refusal) return answerJson(response, 400, { error: { message: refusal, code: 'BAD_REQUEST' } });
  // A member's search spends the tenant's search budget before the session, tRPC or the
  // database; a request the site's front gate already charged is not charged again.
  if (isBudgetedSearch(request, path, batch) && (await takeSearchBudget(services, request, response, path))) return;
  await nodeHTTPRequestHandler({
    router: appRouter,
    req: request,
    res: response,
    path,
    maxBodySize: MAX_REQUEST_BYTES,
    maxBatchSize: MAX_BATCH_CALLS,
    responseMeta: ({ errors }) => {
      const seconds = retryAfter(errors);
      return seconds === undefined ? {} : { headers: { 'retry-after': String(seconds) } };
    },
    createContext: () =>
      createApiContext({
        services,
        request: requestInfoFrom(headers, { address: request.socket.remoteAddress, trustedProxies: site.trustedProxies }),
        // Set-Cookie lines go straight onto the Node response, before tRPC writes it.
        cookies: responseCookieJar(headers.get('cookie'), { append: (name, value) => void response.appendHeader(name, value) }),
        searchBudgetTaken: searchBudgetTaken(request),
      }),
  });
}

/**
 * The site server's gate for tRPC: answers every /api/trpc call itself (true), after
 * `before` (the search budget, the search lane) had its say; anything else goes on to
 * Next.js (false).
 */
export function trpcFront(before: FrontGate, site: () => TrpcSite): FrontGate {
  const serve = (request: IncomingMessage, response: ServerResponse): false | Promise<boolean> => {
    const path = request.url ? trpcPath(request.url) : undefined;
    if (path === undefined) return false;
    setSecurityHeaders(request, response);
    return handleTrpcRequest(site(), request, response, path).then(() => true);
  };
  return (request, response) => {
    const verdict = before(request, response);
    if (verdict === false) return serve(request, response);
    return verdict.then((answered) => answered || serve(request, response));
  };
}
