// bench:seed: bulk members and torrents for load tests, written as JSON for the
// benchmark scripts.
import { writeFile } from 'node:fs/promises';
import { seedBenchData } from '@swarmhost/domain';
import { z } from 'zod';
import { defineCommand } from '../command';
import { cliEnv, db } from '../context';

const count = (label: string) =>
  z.coerce.number({ message: `must be a number of ${label}` }).int('must be a whole number').min(1, 'must be at least 1');

export const benchSeed = defineCommand({
  name: 'bench:seed',
  summary: 'bulk-create members and approved torrents; write { trackerUrl, passkeys, infoHashes }',
  usage: '--tenant S --users N --torrents M --out seed.json',
  options: z.object({
    tenant: z.string({ message: 'is required' }),
    users: count('members'),
    torrents: count('torrents'),
    out: z.string({ message: 'is required' }),
  }),
  async run(options) {
    const started = performance.now();
    const data = await seedBenchData({
      db: db(),
      tenantSlug: options.tenant,
      members: options.users,
      torrents: options.torrents,
      trackerBaseUrl: cliEnv().PUBLIC_TRACKER_URL,
    });
    const seconds = (performance.now() - started) / 1000;
    await writeFile(
      options.out,
      JSON.stringify({ trackerUrl: data.trackerUrl, passkeys: data.passkeys, infoHashes: data.infoHashes }),
    );
    return {
      data: { out: options.out, members: data.passkeys.length, torrents: data.infoHashes.length, seconds },
      text: `created ${data.passkeys.length} members and ${data.infoHashes.length} torrents in ${seconds.toFixed(1)} s; wrote ${options.out}`,
    };
  },
});
