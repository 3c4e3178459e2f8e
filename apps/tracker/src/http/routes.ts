// Maps an HTTP request target to the tracker's routes: /<passkey>/announce (BEP 3),
// /<passkey>/scrape (BEP 48) and /healthz on the public port; /metrics (Prometheus) and
// /healthz on the metrics listener only (loopback by default: it names every tenant).
// Every protocol error is a bencoded `failure reason` with HTTP 200, because clients
// show that text.
import {
  encodeAnnounceResponse,
  encodeAnnounceResponseDictPeers,
  encodeFailure,
  encodeScrapeResponse,
  decodeCompactPeers,
  parseAnnounceQuery,
  parseScrapeQuery,
  passkeyFromPath,
  type AnnounceParams,
} from '@swarmhost/bittorrent/announce';
import { GATE_PASSED, GATE_UNDECIDED, mayBeLastWord, type AnnounceOutcome, type AnnounceService, type StockRefusal } from '../announce/announce-service';
import type { Logger } from '../log';
import { redactTarget } from '../redact';
import { throttledWarn } from '../throttled-warn';
import type { HttpAnswer } from './response';
import { plainAnswer, presetAnswer } from './response';
import type { HttpRequest, RequestHandler } from './server';

/**
 * What /healthz says: `ok`; `draining` (503: take the worker out of rotation); or
 * `degraded` with the reason (200: announces are still answered, so it stays in
 * rotation, but what it books is not reaching PostgreSQL).
 */
export type Health = { readonly state: 'ok' | 'draining' } | { readonly state: 'degraded'; readonly reason: string };

export interface RouteOptions {
  readonly service: AnnounceService;
  readonly log: Logger;
  readonly health: () => Health;
}

export interface MetricsRouteOptions {
  readonly metricsText: () => Promise<string>;
  readonly health: () => Health;
}

function healthAnswer(health: Health): HttpAnswer {
  if (health.state === 'degraded') return plainAnswer(`degraded: ${health.reason}\n`);
  return health.state === 'ok' ? plainAnswer('ok\n') : plainAnswer('draining\n', 503);
}

export function failureAnswer(reason: string, retryInSeconds?: number): HttpAnswer {
  return plainAnswer(encodeFailure(reason, retryInSeconds === undefined ? undefined : { retryInSeconds }));
}

function isBadRequest(error: unknown): error is Error {
  return error instanceof Error && error.name === 'BitTorrentError';
}

export function trackerRoutes(options: RouteOptions): RequestHandler {
  const { service } = options;
  const warn = throttledWarn(options.log, 20);

  const refuse = (request: HttpRequest, code: string, reason: string, retryInSeconds?: number): HttpAnswer => {
    warn('request refused', () => ({ code, reason, ip: request.client.ip, target: redactTarget(request.target) }));
    return failureAnswer(reason, retryInSeconds);
  };

  // Stock refusals (over the budget, over the passkey's limit) are the same bytes every
  // time: serialized once. Over-budget ones are not logged one by one (the service counts
  // them; the worker logs one line per community a second).
  const stockAnswers = new WeakMap<StockRefusal, HttpAnswer>();
  const stockAnswer = (request: HttpRequest, refusal: StockRefusal): HttpAnswer => {
    if (refusal.code !== 'rate_limited') warn('request refused', () => ({ code: refusal.code, reason: refusal.reason, ip: request.client.ip, target: redactTarget(request.target) }));
    let answer = stockAnswers.get(refusal);
    if (answer === undefined) {
      answer = presetAnswer(failureAnswer(refusal.reason, refusal.retryInSeconds));
      stockAnswers.set(refusal, answer);
    }
    return answer;
  };

  function announce(request: HttpRequest, passkey: string, query: string): HttpAnswer | Promise<HttpAnswer> {
    // The budget first, from the caches, before the query is parsed: a flood over its
    // community's budget is answered synchronously with shared bytes.
    const verdict = mayBeLastWord(query) ? GATE_UNDECIDED : service.gate(passkey);
    if (typeof verdict === 'object') return stockAnswer(request, verdict);
    let params: AnnounceParams;
    try {
      params = parseAnnounceQuery(query);
    } catch (error) {
      if (!isBadRequest(error)) throw error;
      service.malformed('malformed', error.message);
      return refuse(request, 'malformed', error.message);
    }
    return service.announce(passkey, params, request.client, 'http', verdict === GATE_PASSED).then((outcome) => announceAnswer(request, params, outcome));
  }

  function announceAnswer(request: HttpRequest, params: AnnounceParams, outcome: AnnounceOutcome): HttpAnswer {
    if (!outcome.ok) {
      if (outcome.code === 'rate_limited' || outcome.code === 'passkey_rate_limited') return stockAnswer(request, outcome as StockRefusal);
      return refuse(request, outcome.code, outcome.reason, outcome.retryInSeconds);
    }
    const counts = {
      interval: outcome.interval,
      minInterval: outcome.minInterval,
      complete: outcome.complete,
      incomplete: outcome.incomplete,
      downloaded: outcome.downloaded,
    };
    if (params.compact) {
      return plainAnswer(encodeAnnounceResponse({ ...counts, peers: outcome.peers4, peers6: outcome.peers6 }));
    }
    // BEP 3 dictionary peers for clients that ask for compact=0; peer ids are not kept.
    const peers = [...decodeCompactPeers(outcome.peers4, 4), ...decodeCompactPeers(outcome.peers6, 6)];
    return plainAnswer(encodeAnnounceResponseDictPeers({ ...counts, peers }));
  }

  async function scrape(request: HttpRequest, passkey: string, query: string): Promise<HttpAnswer> {
    let infoHashes: string[];
    try {
      infoHashes = parseScrapeQuery(query);
    } catch (error) {
      if (!isBadRequest(error)) throw error;
      service.malformed('malformed', error.message);
      return refuse(request, 'malformed', error.message);
    }
    const outcome = await service.scrape(passkey, infoHashes, request.client, 'http');
    if (!outcome.ok) return refuse(request, outcome.code, outcome.reason);
    const files = [...outcome.files].map(([infoHash, counts]) => ({ infoHash, ...counts }));
    return plainAnswer(encodeScrapeResponse(files));
  }

  return (request) => {
    const { target } = request;
    if (request.method !== 'GET') {
      service.malformed('malformed', 'method');
      return refuse(request, 'malformed', `method ${request.method} not allowed: trackers answer GET only`);
    }
    const queryStart = target.indexOf('?');
    const query = queryStart === -1 ? '' : target.slice(queryStart + 1);
    if (target.length > 34 && target.charCodeAt(33) === 0x2f) {
      let route;
      try {
        route = passkeyFromPath(target);
      } catch (error) {
        if (!isBadRequest(error)) throw error;
        service.malformed('bad_path', error.message);
        return refuse(request, 'bad_path', error.message);
      }
      return route.action === 'announce'
        ? announce(request, route.passkey, query)
        : scrape(request, route.passkey, query);
    }
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    if (path === '/healthz') return healthAnswer(options.health());
    service.malformed('bad_path', 'unknown path');
    return refuse(request, 'bad_path', 'unknown path: use /<passkey>/announce or /<passkey>/scrape');
  };
}

/** The metrics listener: /metrics and /healthz, 404 for anything else. */
export function metricsRoutes(options: MetricsRouteOptions): RequestHandler {
  return (request) => {
    const queryStart = request.target.indexOf('?');
    const path = queryStart === -1 ? request.target : request.target.slice(0, queryStart);
    if (request.method === 'GET' && path === '/metrics') {
      return options.metricsText().then((text) => ({
        status: 200 as const,
        contentType: 'text/plain; version=0.0.4; charset=utf-8' as const,
        body: Buffer.from(text),
      }));
    }
    if (request.method === 'GET' && path === '/healthz') return healthAnswer(options.health());
    return plainAnswer('not found: this listener serves /metrics and /healthz\n', 404);
  };
}
