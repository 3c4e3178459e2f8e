// Books the seeding points of every period that has ended (with catch-up) at the clock's
// time. Safe to run any number of times: a booked period is never booked again.
import { accrueSeedingPoints, type BookedPeriod } from '@swarmhost/domain/bonus/accrue-seeding-points';
import type { Logger } from '@swarmhost/log';

export interface SeedingAccrualContext {
  periodSeconds: number;
  /** Injected so tests can run the job "at" any hour. */
  now: () => Date;
  log: Logger;
  /** Tests limit the run to their tenants. */
  tenantIds?: readonly string[];
}

export async function processSeedingAccrual(context: SeedingAccrualContext): Promise<BookedPeriod[]> {
  const startedAt = Date.now();
  const booked = await accrueSeedingPoints({ now: context.now(), periodSeconds: context.periodSeconds, tenantIds: context.tenantIds });
  for (const period of booked) {
    context.log.info('seeding points booked', { tenantId: period.tenantId, periodStart: period.periodStart.toISOString(), members: period.members, points: period.points });
  }
  context.log.info('seeding accrual done', { periods: booked.length, ms: Date.now() - startedAt });
  return booked;
}
