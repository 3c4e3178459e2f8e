// The deploy workflow's smoke check after every apply: one VU, a few iterations of
// each scenario's path against the live deployment, failing on any error.
//   SITE_URL, K6_USERNAME, K6_PASSWORD: a member of a smoke tenant (no second factor)
//   TRACKER_URL, K6_PASSKEY, K6_INFO_HASH: that member's passkey and an approved torrent
import { check } from 'k6';
import type { Options } from 'k6/options';
import { setTimeout } from 'k6/timers';
import { announce } from './lib/announce.ts';
import { required } from './lib/config.ts';
import { Site } from './lib/site.ts';
import { SocketIoClient } from './lib/socketio.ts';

const site = new Site(required('SITE_URL').replace(/\/+$/, ''));
const trackerUrl = required('TRACKER_URL').replace(/\/+$/, '');

export const options: Options = {
  scenarios: {
    smoke: { executor: 'per-vu-iterations', vus: 1, iterations: 3, maxDuration: '2m' },
  },
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
    'http_req_duration{name:torrents.search}': ['p(95)<500'],
  },
};

let loggedIn = false;

export default function (): void {
  if (!loggedIn) {
    site.logIn(required('K6_USERNAME'), required('K6_PASSWORD'));
    loggedIn = true;
  }
  site.page('/torrents', 'torrents page');
  const listed = site.list(1);
  site.search('a');
  const first = listed[0];
  if (first) {
    site.page(`/torrents/${first.id}`, 'torrent page');
    site.download(first.id);
  }
  announce({ trackerUrl, passkey: required('K6_PASSKEY'), infoHash: required('K6_INFO_HASH') });

  const token = site.realtimeToken();
  if (!token) return;
  let connected = false;
  const client: SocketIoClient = new SocketIoClient(token.url, token.token, {
    connected() {
      connected = true;
      client.close();
    },
    event() {},
    refused(message) {
      check(message, { 'gateway accepted the socket token': () => false });
      client.close();
    },
  });
  setTimeout(() => {
    check(connected, { 'gateway socket connected within 5 s': (value) => value });
    client.close();
  }, 5000);
}
