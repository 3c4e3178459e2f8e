// tRPC over HTTP at /api/trpc, as a Pages Router API route: Node's request and response
// go straight to tRPC (an App Router route handler converts both to web streams, which
// was a third of a cached search's CPU). Mutations are refused unless they come from a
// page of the same host (CSRF); batches are capped and sign-in calls never batched (a
// batch runs its calls at once); session cookies are set on the response from here.
import { appRouter, batchRefusal, createApiContext, MAX_BATCH_CALLS } from '@swarmhost/api';
import { isAppError, MAX_TORRENT_FILE_BYTES } from '@swarmhost/domain';
import { createNextApiHandler } from '@trpc/server/adapters/next';
import type { NextApiRequest, NextApiResponse } from 'next';
import { responseCookieJar } from '~/server/cookie-jar';
import { isSameOriginRequest, requestInfoFrom } from '~/server/request-info';
import { isBudgetedSearch, searchBudgetTaken, takeSearchBudget } from '~/server/search-budget-gate';
import { webConfig } from '~/server/env';
import { apiServices } from '~/server/services';

// tRPC reads the body itself, and stops reading past MAX_REQUEST_BYTES (413
// PAYLOAD_TOO_LARGE): the largest legitimate request is an upload, a .torrent of at most
// MAX_TORRENT_FILE_BYTES in base64 plus its description, which its input schema checks.
export const config = { api: { bodyParser: false, responseLimit: false } };
const MAX_REQUEST_BYTES = Math.ceil(MAX_TORRENT_FILE_BYTES / 3) * 4 + 1024 * 1024;

/** Node's header object read like web Headers (first value of a repeated header). */
function nodeHeaders(request: NextApiRequest): { get(name: string): string | null } {
  return {
    get: (name) => {
      const value = request.headers[name.toLowerCase()];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  };
}

/** Set-Cookie lines go straight onto the Node response, before tRPC writes it. */
function responseHeaders(response: NextApiResponse): Pick<Headers, 'append'> {
  return { append: (name, value) => void response.appendHeader(name, value) };
}

/** The longest Retry-After among the call's refusals (AppError details.retryAfterSeconds). */
function retryAfter(errors: readonly { cause?: unknown }[]): number | undefined {
  const seconds = errors.map((error) => (isAppError(error.cause) ? error.cause.details?.retryAfterSeconds : undefined)).filter((value): value is number => typeof value === 'number');
  return seconds.length > 0 ? Math.max(...seconds) : undefined;
}

const trpc = createNextApiHandler({
  router: appRouter,
  maxBodySize: MAX_REQUEST_BYTES,
  maxBatchSize: MAX_BATCH_CALLS,
  responseMeta: ({ errors }) => {
    const seconds = retryAfter(errors);
    return seconds === undefined ? {} : { headers: { 'retry-after': String(seconds) } };
  },
  createContext: ({ req, res }) =>
    createApiContext({
      services: apiServices(),
      request: requestInfoFrom(nodeHeaders(req), { address: req.socket.remoteAddress, trustedProxies: webConfig().WEB_TRUSTED_PROXIES }),
      cookies: responseCookieJar(nodeHeaders(req).get('cookie'), responseHeaders(res)),
      searchBudgetTaken: searchBudgetTaken(req),
    }),
});

export default async function handler(request: NextApiRequest, response: NextApiResponse) {
  if (request.method !== 'GET' && !isSameOriginRequest(nodeHeaders(request))) {
    response.status(403).json({ error: { message: 'cross-site requests are refused; use the site itself' } });
    return;
  }
  const paths = request.query.trpc;
  const batch = new URLSearchParams(request.url?.split('?')[1] ?? '').get('batch') === '1';
  const path = Array.isArray(paths) ? paths.join('/') : (paths ?? '');
  const refusal = batchRefusal(path, batch);
  if (refusal) {
    response.status(400).json({ error: { message: refusal, code: 'BAD_REQUEST' } });
    return;
  }
  // A member's search spends the tenant's search budget before the session, tRPC or the
  // database (search-budget-gate.ts); the site's own server has already asked in front
  // of Next, and then this is a no-op.
  if (isBudgetedSearch(request, path, batch) && (await takeSearchBudget(apiServices(), request, response, path))) return;
  return trpc(request, response);
}
