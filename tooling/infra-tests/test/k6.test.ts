// The k6 scenarios hold the project's targets as thresholds and read seed and
// credentials from their environment (their types are checked by this package's
// typecheck: tsc -p ../../infra/k6 with @types/k6).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/paths';

const k6Dir = join(repositoryRoot, 'infra', 'k6');
const read = (file: string) => readFileSync(join(k6Dir, file), 'utf8');

describe('infra/k6', () => {
  it('announce: p99 < 10 ms at 5,000 announces/s, open loop, no failures, from bench:seed output', () => {
    const source = read('announce.ts');
    expect(source).toContain("executor: 'constant-arrival-rate'");
    expect(source).toContain("numberOf('RATE', 5000)");
    expect(source).toContain("'http_req_duration{name:announce}': ['p(99)<10']");
    expect(source).toContain("'http_req_failed{name:announce}': ['rate==0']");
    expect(source).toContain('parseSeed(open(seedPath), seedPath)');
  });

  it('member journey: search p99 < 50 ms and list p99 < 100 ms; logs in, browses, searches, opens and downloads', () => {
    const source = read('member-journey.ts');
    expect(source).toContain("'http_req_duration{name:torrents.search}': ['p(99)<50']");
    expect(source).toContain("'http_req_duration{name:torrents.list}': ['p(99)<100']");
    for (const step of ['site.logIn(', 'site.list(', 'site.search(', 'site.torrent(', 'site.download(']) expect(source).toContain(step);
  });

  it('gateway: announce → socket p99 < 100 ms over Socket.io', () => {
    const source = read('gateway.ts');
    expect(source).toContain("announce_to_socket: ['p(99)<100']");
    expect(source).toContain("'subscribe:torrent'");
    expect(read('lib/socketio.ts')).toContain('/socket.io/?EIO=4&transport=websocket');
  });

  it('the site calls match the routes apps/web serves', () => {
    const site = read('lib/site.ts');
    expect(site).toContain('/api/trpc/');
    expect(site).toContain('/api/realtime/token');
    expect(site).toContain('/download');
    const web = join(repositoryRoot, 'apps', 'web', 'src');
    expect(readFileSync(join(web, 'app', 'torrents', '[id]', 'download', 'route.ts'), 'utf8')).toContain('GET');
    expect(readFileSync(join(web, 'app', 'api', 'realtime', 'token', 'route.ts'), 'utf8')).toContain('POST');
    const routers = readFileSync(join(repositoryRoot, 'packages', 'api', 'src', 'routers', 'torrents.ts'), 'utf8');
    for (const procedure of ['list:', 'search:', 'get:']) expect(routers).toContain(procedure);
    expect(readFileSync(join(repositoryRoot, 'packages', 'api', 'src', 'routers', 'auth.ts'), 'utf8')).toContain('login:');
  });
});
