// tRPC over HTTP at /api/trpc as a Pages Router API route, for next dev and next start:
// Node's request and response go straight to tRPC (an App Router route handler converts
// both to web streams, which was a third of a cached search's CPU). The site's own
// server (site-server.mjs) answers these calls in front of Next and never reaches here;
// both run the same handler (server/trpc-http.ts).
import type { NextApiRequest, NextApiResponse } from 'next';
import { webConfig } from '~/server/env';
import { apiServices } from '~/server/services';
import { handleTrpcRequest } from '~/server/trpc-http';

// tRPC reads the body itself (and limits it); the answer is streamed as tRPC writes it.
export const config = { api: { bodyParser: false, responseLimit: false } };

export default async function handler(request: NextApiRequest, response: NextApiResponse) {
  const paths = request.query.trpc;
  const path = Array.isArray(paths) ? paths.join('/') : (paths ?? '');
  await handleTrpcRequest({ services: apiServices(), trustedProxies: webConfig().WEB_TRUSTED_PROXIES }, request, response, path);
}
