// The search lane: a site process of its own for the site's searches. A search costs the
// process that serves it several milliseconds of JavaScript (Next.js, tRPC, ranking), and
// those milliseconds sit on the event loop in front of every other request; one
// community searching at its plan's budget then makes another community's pages slower
// (issue 14: the noisy-neighbour bench measured +30 % on the list p99 at 20 searches a
// second, one process). With WEB_SEARCH_LANE_URL set, the site's own server
// (site-server.mjs) passes the searches its budget gate lets through on to the lane —
// another process running the same build — marked as paid (PAID_HEADER), and keeps its
// event loop for everything else; refusals stay here, where they are cheapest. On a
// 2-CPU machine this measured worse, not better (README, "Noisy neighbour, the site"),
// so it is off by default; on AWS the ALB sends searches to the lane's tasks directly.
//
// Searches are recognised by address alone: GET or HEAD only (no body to replay), the
// tRPC search procedures, the pages that search when given text, and the feeds' queries.
// A request the lane passed on carries LANE_HEADER and is never passed on again, so a
// lane pointed at itself serves instead of looping. When the lane cannot be reached the
// request is served here (searches keep working; only the isolation is lost, and that
// is logged).
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { requestInfoFrom } from './request-info';
import { PAID_HEADER, searchBudgetTaken, type FrontGate } from './search-budget-gate';
import { trpcPath } from './trpc-path';

export const LANE_HEADER = 'x-swarmhost-lane';
/** How long the lane may take to start answering before the member gets 504. */
const ANSWER_TIMEOUT_MS = 30_000;
/** At most one "lane unreachable" line per this many milliseconds. */
const WARN_EVERY_MS = 30_000;

/** tRPC procedures that are searches whatever their input. */
const SEARCH_PROCEDURES = new Set(['torrents.search', 'forums.search']);
/** Pages and feeds that search when their `q` has text. */
const SEARCH_PAGES = new Set(['/torrents', '/forums/search', '/requests', '/api/v1/torrents', '/api/torznab']);
const TRPC_PREFIX = '/api/trpc/';
/** Headers about one connection, not the request: never passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function hasText(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** requests.list with a non-empty `query` (a search; without one it is a list). */
function requestsSearch(params: URLSearchParams, batch: boolean, index: number): boolean {
  const raw = params.get('input');
  if (!raw) return false;
  try {
    const input = JSON.parse(raw) as unknown;
    const call = batch ? (input as Record<string, unknown> | null)?.[String(index)] : input;
    const query = (call as { query?: unknown } | null)?.query;
    return typeof query === 'string' && hasText(query);
  } catch {
    return false; // tRPC answers a malformed input itself
  }
}

/** Whether a request is one of the site's searches (by its method and address only). */
export function isSearchRequest(method: string | undefined, url: string | undefined): boolean {
  if ((method !== 'GET' && method !== 'HEAD') || !url) return false;
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return false; // every search names its text in the query
  const path = url.slice(0, queryAt);
  // The query is parsed only for a path that can be a search (this runs for every request).
  const params = () => new URLSearchParams(url.slice(queryAt + 1));
  if (path.startsWith(TRPC_PREFIX)) {
    const procedures = trpcPath(url)?.split(',');
    if (!procedures) return false;
    if (procedures.some((procedure) => SEARCH_PROCEDURES.has(procedure))) return true;
    if (!procedures.includes('requests.list')) return false;
    const query = params();
    const batch = query.get('batch') === '1';
    return procedures.some((procedure, index) => procedure === 'requests.list' && requestsSearch(query, batch, index));
  }
  const page = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return SEARCH_PAGES.has(page) && hasText(params().get('q'));
}

export interface SearchLaneOptions {
  /** The lane's origin (WEB_SEARCH_LANE_URL). */
  readonly origin: string;
  /** WEB_TRUSTED_PROXIES: who may name the client in X-Forwarded-For here. */
  readonly trustedProxies: readonly string[];
  /** laneProof(REALTIME_TOKEN_SECRET): sent with searches whose token this process took. */
  readonly proof: Buffer;
  readonly warn?: (message: string) => void;
  /** How long the lane may take to start answering (default 30 s); then 504. */
  readonly answerTimeoutMs?: number;
}

export interface SearchLane {
  /** Whether this request goes to the lane: a search not passed on already. */
  takes(request: IncomingMessage): boolean;
  /**
   * Passes it on. Resolves true once the lane's answer is on its way to the member (or a
   * 504 when the lane took too long), false when the lane could not be reached (serve
   * it here).
   */
  pass(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

function forwardedHeaders(request: IncomingMessage, trustedProxies: readonly string[], proof: string): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) if (!HOP_BY_HOP.has(name) && name !== PAID_HEADER) headers[name] = value;
  if (searchBudgetTaken(request)) headers[PAID_HEADER] = proof;
  // The lane trusts this process (a loopback or WEB_TRUSTED_PROXIES peer) and takes the
  // last hop as the client: append the client as this process sees it.
  const client = requestInfoFrom({ get: (name) => { const value = request.headers[name]; return (Array.isArray(value) ? value.join(', ') : value) ?? null; } }, { address: request.socket.remoteAddress, trustedProxies }).ip;
  const earlier = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = earlier ? `${Array.isArray(earlier) ? earlier.join(', ') : earlier}, ${client}` : client;
  headers[LANE_HEADER] = 'search';
  return headers;
}

function answerHeaders(upstream: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  return headers;
}

export function searchLane(options: SearchLaneOptions): SearchLane {
  const target = new URL(options.origin);
  const proof = options.proof.toString('hex');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' });
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  let warnedAt = -Infinity;

  const send = (request: IncomingMessage, response: ServerResponse, retried: boolean): Promise<boolean> =>
    new Promise((resolve) => {
      const upstream = http.request({
        agent,
        host: target.hostname,
        port: target.port || 80,
        method: request.method,
        path: request.url,
        headers: forwardedHeaders(request, options.trustedProxies, proof),
      });
      // waiting → answered (the lane's answer is being piped) → done; or → timed out.
      let state: 'waiting' | 'answered' | 'done' | 'timed out' = 'waiting';
      // The member left before the answer was complete: stop the lane's work too.
      const left = () => {
        if (state === 'waiting' || state === 'answered') upstream.destroy();
      };
      response.once('close', left);
      upstream.setTimeout(options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS, () => {
        if (state !== 'waiting') return;
        state = 'timed out';
        upstream.destroy();
        if (!response.headersSent) response.writeHead(504, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' });
        response.end('The search took too long to answer. Try again in a moment.');
        resolve(true);
      });
      upstream.once('response', (answer) => {
        state = 'answered';
        upstream.setTimeout(0);
        response.writeHead(answer.statusCode ?? 502, answerHeaders(answer));
        answer.once('end', () => {
          state = 'done';
        });
        answer.once('aborted', () => response.destroy());
        answer.pipe(response);
        resolve(true);
      });
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        if (state === 'timed out' || state === 'done') return;
        if (state === 'answered') return void response.destroy();
        state = 'done';
        response.off('close', left);
        if (response.destroyed) return resolve(true); // the member left
        // A kept-alive connection the lane had just closed: try once on a new one.
        if (!retried && upstream.reusedSocket && error.code === 'ECONNRESET') return resolve(send(request, response, true));
        const now = Date.now();
        if (now - warnedAt >= WARN_EVERY_MS) {
          warnedAt = now;
          warn(`site server: the search lane ${options.origin} cannot be reached (${error.code ?? error.message}); serving searches in this process`);
        }
        resolve(false);
      });
      upstream.end();
    });

  return {
    takes: (request) => request.headers[LANE_HEADER] === undefined && isSearchRequest(request.method, request.url),
    pass: (request, response) => send(request, response, false),
  };
}

/**
 * The site server's front with a lane. The budget's gate answers first, here, so a
 * flood's refusals cost this process what they cost without a lane; what it lets through
 * that is a search goes on to the lane (marked as paid where the gate took its token),
 * and is served here only when the lane cannot be reached. Everything else goes on as
 * before, with no promise where the gate makes none.
 */
export function withSearchLane(gate: FrontGate, lane: SearchLane): FrontGate {
  const onward = (request: IncomingMessage, response: ServerResponse) => (lane.takes(request) ? lane.pass(request, response) : false);
  return (request, response) => {
    const verdict = gate(request, response);
    if (verdict === false) return onward(request, response);
    return verdict.then((answered) => answered || onward(request, response));
  };
}
