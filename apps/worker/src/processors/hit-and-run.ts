// One hit-and-run pass at the clock's time (see @swarmhost/domain/hit-and-run). Safe to
// run any number of times, also at once: nothing is warned, pre-warned or expired twice.
import { runHitAndRun, type TenantHitAndRunResult } from '@swarmhost/domain/hit-and-run/run-hit-and-run';
import type { LiveEmitter, Publisher } from '@swarmhost/events';
import type { Logger } from '@swarmhost/log';

export interface HitAndRunContext {
  /** Injected so tests can run the job "at" any time. */
  now: () => Date;
  /** Publishes the member invalidations the trackers apply. */
  publisher: Publisher;
  /** Pushes the notifications live; without it they show at the next page render. */
  emitter?: LiveEmitter;
  log: Logger;
  /** Tests limit the run to their tenants. */
  tenantIds?: readonly string[];
}

export async function processHitAndRun(context: HitAndRunContext): Promise<TenantHitAndRunResult[]> {
  const startedAt = Date.now();
  const results = await runHitAndRun({ now: context.now(), publisher: context.publisher, emitter: context.emitter, tenantIds: context.tenantIds });
  const changed = results.filter((result) => result.prewarned + result.warned + result.expired > 0);
  for (const result of changed) {
    context.log.info('hit-and-run pass', { tenantId: result.tenantId, prewarned: result.prewarned, warned: result.warned, expired: result.expired });
  }
  context.log.info('hit-and-run done', { tenants: results.length, ms: Date.now() - startedAt });
  return results;
}
