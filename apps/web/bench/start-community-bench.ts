// Benchmark (not a test): "Start a community" to the first successful announce, without
// a browser. A real tracker pool (started first, so the tenant, its admin and the torrent
// are all cache misses it loads from PostgreSQL) and the site's API with the site's own
// services: per round, an owner who has passed the sign-up's first steps submits the
// community form (signup.startCommunity), redeems the one-time link on the new host,
// uploads a .torrent, downloads their copy and announces it. Prints each step and the
// total per round with the machine's load average; the target is under 5 s.
//
//   BENCH_ROUNDS=5 pnpm --filter @swarmhost/web exec tsx bench/start-community-bench.ts
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { currentTotpCode } from '@swarmhost/auth/totp';
import { decode } from '@swarmhost/bittorrent/bencode';
import { parseMetainfo } from '@swarmhost/bittorrent/metainfo';
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { createTestDatabase } from '@swarmhost/db/testing';
import { downloadTorrent, readOutbox } from '@swarmhost/domain';
import { Redis } from 'ioredis';
import { BASE_DOMAIN, browser, REDIS_URL, siteServices, torrentBase64 } from '../test/support/site';
import { deleteKeys, startTrackerPool } from '../test/support/tracker-pool';

const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));

async function announce(trackerUrl: string, passkey: string, infoHash: Buffer): Promise<void> {
  const escape = (bytes: Buffer) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  const query = `info_hash=${escape(infoHash)}&peer_id=${escape(Buffer.from(`-BENCH1-${randomBytes(6).toString('hex')}`))}&port=6999&uploaded=0&downloaded=0&left=5&compact=1&event=started`;
  const body = Buffer.from(await (await fetch(`${trackerUrl}/${passkey}/announce?${query}`)).arrayBuffer());
  const failure = (decode(body) as { 'failure reason'?: Buffer })['failure reason'];
  if (failure) throw new Error(`the tracker refused the announce: ${failure.toString()}`);
}

async function main() {
  const database = await createTestDatabase({ prefix: 'swarmhost_bench_start' });
  configureDatabase({ urls: database.urls });
  const redis = new Redis(REDIS_URL);
  const pool = await startTrackerPool({ urls: database.urls, redisUrl: REDIS_URL, flushIntervalSeconds: 1 });
  const trackerUrl = `http://127.0.0.1:${pool.port}`;
  const services = siteServices({ PUBLIC_TRACKER_URL: trackerUrl });
  try {
    for (let round = 1; round <= rounds; round += 1) {
      // The sign-up's first steps (account, e-mail link, TOTP) come before the form: not timed.
      const visit = browser(services);
      const username = `bench${randomBytes(3).toString('hex')}`;
      await redis.del('swarmhost:owner-sign-ups:127.0.0.7');
      await (await visit(BASE_DOMAIN)).signup.createAccount({ username, email: `${username}@bench.invalid`, password: 'bench owner password' });
      const mail = (await readOutbox(redis, 200, { tenantId: null })).find((entry) => entry.to === `${username}@bench.invalid`);
      await (await visit(BASE_DOMAIN)).signup.verifyEmail({ token: mail?.text.match(/token=([\w-]+)/)?.[1] ?? '' });
      const { secret } = await (await visit(BASE_DOMAIN)).operator.totpStart();
      await (await visit(BASE_DOMAIN)).operator.totpConfirm({ code: await currentTotpCode(secret) });

      const slug = `bench${randomBytes(4).toString('hex')}`;
      const submitted = performance.now();
      const started = await (await visit(BASE_DOMAIN)).signup.startCommunity({ name: `Bench ${slug}`, slug });
      const host = `${slug}.${BASE_DOMAIN}`;
      await (await visit(host)).signup.redeemLoginLink({ token: new URL(started.loginUrl).hash.replace('#token=', '') });
      const signedIn = performance.now();
      const uploaded = await (await visit(host)).torrents.upload({ fileBase64: torrentBase64() });
      const owner = await systemClient().member.findFirstOrThrow({ where: { username, tenant: { slug } }, select: { id: true, role: true, passkey: true, tenantId: true } });
      const copy = await downloadTorrent({ tenantId: owner.tenantId, torrentId: uploaded.id, member: owner, trackerBaseUrl: trackerUrl });
      const ready = performance.now();
      await announce(trackerUrl, owner.passkey, parseMetainfo(copy.bytes).infoHashBuffer);
      const announced = performance.now();
      const ms = (value: number) => `${value.toFixed(0)} ms`;
      console.log(
        `round ${round}: submit -> first successful announce ${ms(announced - submitted)} (create + sign in ${ms(signedIn - submitted)}, ` +
          `upload + .torrent ${ms(ready - signedIn)}, announce with 3 cache misses ${ms(announced - ready)}); load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
      );
    }
  } finally {
    await pool.stop();
    await deleteKeys(redis, pool.keyPrefix);
    redis.disconnect();
    services.redis.disconnect();
    await disconnectAll();
    await database.drop();
  }
}

await main();
