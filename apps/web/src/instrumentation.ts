// Next.js calls register() once when the server starts, before the first request
// (site-server.mjs, next start, next dev). The site's whole configuration is
// read here, so a missing or bad variable stops the process with the variable's name
// and a non-zero exit instead of a "Ready" server that answers 500 to every page.
// Then it hands the site's own server (site-server.mjs) the gate it calls in front of
// Next's handler: the search budget's refusals (server/search-budget-gate.ts), with
// WEB_SEARCH_LANE_URL set searches passed on to the search lane (server/search-lane.ts),
// and every other tRPC call answered there too, without Next (server/trpc-http.ts).
import { ConfigError, loadRealtimeTokenConfig } from '@swarmhost/config';
import { databaseSettings } from '@swarmhost/db';
import { webConfig } from './server/env';

/** How site-server.mjs is handed the front gate (a registered symbol: no import between the two). */
const REGISTER_FRONT_GATE = Symbol.for('swarmhost.registerFrontGate');

export async function register(): Promise<void> {
  try {
    webConfig();
    loadRealtimeTokenConfig();
    databaseSettings();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nThe site did not start: fix the variable above (see .env.example).\n`);
    process.exit(1);
  }
  const registerFrontGate = (globalThis as Record<symbol, unknown>)[REGISTER_FRONT_GATE];
  if (typeof registerFrontGate !== 'function') return; // next dev, next start: the tRPC route takes the budget itself
  const [{ laneProof, searchBudgetFront }, { searchLane, withSearchLane }, { apiServices }, { trpcFront }] = await Promise.all([
    import('./server/search-budget-gate'),
    import('./server/search-lane'),
    import('./server/services'),
    import('./server/trpc-http'),
  ]);
  // Every site process may be a search lane: it accepts searches a process in front paid for.
  const proof = laneProof(loadRealtimeTokenConfig().REALTIME_TOKEN_SECRET);
  const gate = searchBudgetFront(apiServices, proof);
  const { WEB_SEARCH_LANE_URL: lane, WEB_TRUSTED_PROXIES: trustedProxies } = webConfig();
  const searches = lane ? withSearchLane(gate, searchLane({ origin: lane, trustedProxies, proof })) : gate;
  registerFrontGate(trpcFront(searches, () => ({ services: apiServices(), trustedProxies })));
}
