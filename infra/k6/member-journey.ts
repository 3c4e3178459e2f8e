// A member's visit to a community site: log in (once per VU), browse the list, search
// for a word from a listed name, open a torrent (page and details), download its
// .torrent. Targets (README "Site status"): search p99 < 50 ms, list p99 < 100 ms.
//   k6 run -e SITE_URL=https://bench.example.org -e K6_USERNAME=… -e K6_PASSWORD=… member-journey.ts
import { sleep } from 'k6';
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { accountFor, numberOf, optional, pick, required } from './lib/config.ts';
import { Site } from './lib/site.ts';

const site = new Site(required('SITE_URL').replace(/\/+$/, ''));
let loggedIn = false;

export const options: Options = {
  scenarios: {
    members: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: '30s', target: numberOf('VUS', 50) },
        { duration: optional('DURATION', '2m'), target: numberOf('VUS', 50) },
        { duration: '15s', target: 0 },
      ],
    },
  },
  thresholds: {
    'http_req_duration{name:torrents.search}': ['p(99)<50'],
    'http_req_duration{name:torrents.list}': ['p(99)<100'],
    'http_req_failed': ['rate<0.001'],
    checks: ['rate>0.999'],
  },
};

export default function (): void {
  if (!loggedIn) {
    const account = accountFor(exec.vu.idInTest);
    site.logIn(account.username, account.password);
    loggedIn = true;
  }
  site.page('/torrents', 'torrents page');
  const listed = site.list(1 + Math.floor(Math.random() * 5));
  sleep(1);
  const word = listed.length > 0 ? (pick(listed).name.split(/[^A-Za-z0-9]+/).find((part) => part.length > 2) ?? 'bench') : 'bench';
  const found = site.search(word);
  sleep(1);
  const chosen = found[0] ?? listed[0];
  if (!chosen) return;
  site.page(`/torrents/${chosen.id}`, 'torrent page');
  site.torrent(chosen.id);
  site.download(chosen.id);
  sleep(2);
}
