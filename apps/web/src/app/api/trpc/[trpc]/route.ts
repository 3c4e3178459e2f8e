// tRPC over HTTP at /api/trpc. Mutations are refused unless they come from a page of
// the same host (CSRF); session cookies are set on the response from here.
import { appRouter, createApiContext } from '@swarmhost/api';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { responseCookieJar } from '~/server/cookie-jar';
import { requestInfoFrom, isSameOriginRequest } from '~/server/request-info';
import { apiServices } from '~/server/services';

export const dynamic = 'force-dynamic';

function handler(request: Request) {
  if (request.method !== 'GET' && !isSameOriginRequest(request.headers)) {
    return Response.json({ error: { message: 'cross-site requests are refused; use the site itself' } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: ({ resHeaders }) =>
      createApiContext({
        services: apiServices(),
        request: requestInfoFrom(request.headers),
        cookies: responseCookieJar(request.headers.get('cookie'), resHeaders),
      }),
  });
}

export { handler as GET, handler as POST };
