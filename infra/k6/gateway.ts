// The real-time gateway under members' pages: each VU logs in, takes a socket token
// from the site, connects over WebSocket with Socket.io's protocol, follows a torrent,
// then announces to that torrent itself (a fresh peer) and measures how long the swarm
// update takes to reach its socket. Target (README "Real time"): announce → socket
// p99 < 100 ms. Each VU follows a torrent of its own list page so that the tracker's
// one-update-per-torrent-per-second rule does not hold its update back.
//   k6 run -e SITE_URL=… -e K6_USERNAME=… -e K6_PASSWORD=… -e SEED=seed.json gateway.ts
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { setTimeout } from 'k6/timers';
import { announce, newPeerId } from './lib/announce.ts';
import { accountFor, numberOf, optional, parseSeed, pick, required } from './lib/config.ts';
import { Site } from './lib/site.ts';
import { SocketIoClient } from './lib/socketio.ts';

const site = new Site(required('SITE_URL').replace(/\/+$/, ''));
const seedPath = optional('SEED', 'seed.json');
const seed = parseSeed(open(seedPath), seedPath);
const holdMs = numberOf('HOLD_SECONDS', 30) * 1000;

const announceToSocket = new Trend('announce_to_socket', true);
const socketConnect = new Trend('socket_connect', true);
const swarmUpdates = new Counter('swarm_updates');
const subscriptionsRefused = new Counter('subscriptions_refused');

export const options: Options = {
  scenarios: {
    sockets: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: '30s', target: numberOf('VUS', 200) },
        { duration: optional('DURATION', '2m'), target: numberOf('VUS', 200) },
        { duration: '15s', target: 0 },
      ],
    },
  },
  thresholds: {
    announce_to_socket: ['p(99)<100'],
    socket_connect: ['p(95)<1000'],
    subscriptions_refused: ['count==0'],
    checks: ['rate>0.999'],
  },
};

let loggedIn = false;

export default function (): void {
  if (!loggedIn) {
    const account = accountFor(exec.vu.idInTest);
    site.logIn(account.username, account.password);
    loggedIn = true;
  }
  // Spread the VUs over the first pages; a small community has fewer, so fall back to page 1.
  const spread = site.list(1 + (exec.vu.idInTest % numberOf('PAGES', 100)));
  const listed = spread.length > 0 ? spread : site.list(1);
  const chosen = listed[exec.vu.idInTest % Math.max(listed.length, 1)];
  const details = chosen ? site.torrent(chosen.id) : undefined;
  const token = site.realtimeToken();
  if (!details || !token) return;

  const startedAt = Date.now();
  let announcedAt = 0;
  const client: SocketIoClient = new SocketIoClient(token.url, token.token, {
    connected() {
      socketConnect.add(Date.now() - startedAt);
      client.emit('subscribe:torrent', { torrentIds: [details.id] }, (answer) => {
        const ok = check(answer, { 'subscribe:torrent acknowledged': (value) => (value as { ok?: boolean }).ok === true });
        if (!ok) {
          subscriptionsRefused.add(1);
          return;
        }
        announcedAt = Date.now();
        announce({ trackerUrl: seed.trackerUrl, passkey: pick(seed.passkeys), infoHash: details.infoHash, event: 'started', peerId: newPeerId() });
      });
    },
    event(name, payload) {
      if (name !== 'swarm:update') return;
      swarmUpdates.add(1);
      const updates = Array.isArray(payload) ? payload : [payload];
      if (announcedAt > 0 && updates.some((update) => (update as { torrentId?: string }).torrentId === details.id)) {
        announceToSocket.add(Date.now() - announcedAt);
        announcedAt = 0;
      }
    },
    refused(message) {
      check(message, { 'gateway accepted the socket token': () => false });
    },
  });
  setTimeout(() => client.close(), holdMs);
}
