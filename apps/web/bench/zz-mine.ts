import { configureDatabase } from '@swarmhost/db';
import { browseTorrents } from '@swarmhost/domain';
const db = 'swarmhost_minebench_dd6c9584bea7';
configureDatabase({ urls: { owner: `postgresql://postgres@127.0.0.1:5432/${db}`, app: `postgresql://swarmhost_app@127.0.0.1:5432/${db}`, system: `postgresql://swarmhost_system@127.0.0.1:5432/${db}` }, poolMax: 2 });
const tenantId = '5c98e9a5-f228-488a-a84d-10a643b769a8';
const memberId = process.argv[2]!;
const sleep = Number(process.argv[3] ?? 0);
for (const mine of [undefined, 'seeding', undefined, 'seeding'] as const) {
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    await browseTorrents({ tenantId, memberId, mine });
    times.push(performance.now() - start);
    if (sleep) await new Promise((r) => setTimeout(r, sleep));
  }
  times.sort((a, b) => a - b);
  console.log(mine ?? 'all', 'p50', times[150]!.toFixed(2), 'p90', times[270]!.toFixed(2), 'p99', times[297]!.toFixed(2), 'max', times[299]!.toFixed(2));
}
process.exit(0);
