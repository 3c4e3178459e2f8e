// The site's production server: Next.js's request handler behind a plain Node http
// server, with the site's front gate in front of it. The build copies this file next to
// Next's standalone server.js (.next/standalone/apps/web/site-server.mjs), which it
// replaces as the process to run: same variables (PORT, HOSTNAME, KEEP_ALIVE_TIMEOUT).
//
// The gate (registered by src/instrumentation.ts once the configuration is read) answers
// the requests it can refuse cheaply — a tenant's searches past its plan's budget — so a
// flood costs this process a cached lookup instead of Next's whole pipeline, and answers
// every tRPC call itself (src/server/trpc-http.ts), without Next's routing; pages and
// every other request go straight on to Next. The configuration is checked before the port is
// opened: a bad variable exits with its name and nothing ever listens.
import { Console } from 'node:console';
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const console = new Console(process.stdout, process.stderr);
const dir = dirname(fileURLToPath(import.meta.url));
const REGISTER_FRONT_GATE = Symbol.for('swarmhost.registerFrontGate');
const REGISTER_TIMEOUT_MS = 60_000;

process.env.NODE_ENV = 'production';
// The site's traffic comes in bursts (a community's flood, a busy evening): keep its
// pool connections 5 minutes, so a burst after a quiet spell does not open new
// PostgreSQL backends (each a fork with a cold catalog: a flood's first half second
// stalled every community's pages on it). DATABASE_POOL_IDLE_SECONDS overrides it.
process.env.DATABASE_POOL_IDLE_SECONDS ??= '300';
process.chdir(dir);
const port = Number.parseInt(process.env.PORT ?? '', 10) || 3000;
const hostname = process.env.HOSTNAME || '0.0.0.0';
const keepAliveTimeout = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? '', 10);

// The build's settings, as Next's own standalone server.js passes them on.
const { config } = require(join(dir, '.next/required-server-files.json'));
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
const next = require('next');

// register() in src/instrumentation.ts reads the configuration (exiting on a bad
// variable) and then hands over the gate; Next runs it while it prepares, in the
// background, so the port is opened only once the gate has arrived.
const registered = new Promise((resolve) => {
  globalThis[REGISTER_FRONT_GATE] = resolve;
});
const app = next({ dev: false, dir, conf: config, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const gate = await Promise.race([
  registered,
  new Promise((resolve) => setTimeout(resolve, REGISTER_TIMEOUT_MS).unref()),
]);
if (typeof gate !== 'function') {
  console.error(`site server: the site's instrumentation did not register its front gate within ${REGISTER_TIMEOUT_MS / 1000} s; not starting`);
  process.exit(1);
}

function failed(response, error) {
  console.error('site server: request failed', error);
  if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
  response.end('Internal Server Error');
}

function pass(request, response) {
  handle(request, response).catch((error) => failed(response, error));
}

const server = http.createServer((request, response) => {
  const verdict = gate(request, response);
  if (verdict === false) return pass(request, response);
  verdict.then((answered) => answered || pass(request, response), (error) => failed(response, error));
});
if (Number.isFinite(keepAliveTimeout) && keepAliveTimeout >= 0) server.keepAliveTimeout = keepAliveTimeout;
server.on('error', (error) => {
  console.error(`site server: cannot listen on ${hostname}:${port}`, error);
  process.exit(1);
});

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    // Stop accepting, let the requests in flight finish, then let Next clean up.
    server.close(() => app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}

server.listen(port, hostname, () => {
  console.log(`site ready on http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`);
});
