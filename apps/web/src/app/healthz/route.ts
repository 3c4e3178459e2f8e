// Liveness for load balancers and container HEALTHCHECKs: the process is up and its
// configuration was accepted at start (src/instrumentation.ts). It touches neither the
// database nor Redis, so a dependency's hiccup does not restart every site process.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return new Response('ok\n', { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
