// Books the seeding points of every period that has ended (with catch-up) at the clock's
// time. Safe to run any number of times: a booked period is never booked again. Then each
// tenant with credited members gets ONE live message to the gateways, which push the new
// balances to the members connected to them (see @swarmhost/events balance-events.ts).
import { accrueSeedingPoints, type BookedPeriod } from '@swarmhost/domain/bonus/accrue-seeding-points';
import { publishBalancesChanged } from '@swarmhost/events';
import type { Logger } from '@swarmhost/log';

export interface SeedingAccrualContext {
  periodSeconds: number;
  /** Injected so tests can run the job "at" any hour. */
  now: () => Date;
  log: Logger;
  /** Tests limit the run to their tenants. */
  tenantIds?: readonly string[];
  /** The gateways' emitter; without it balances show at the next page render. */
  emitter?: { serverSideEmit(event: string, ...args: unknown[]): unknown };
}

export async function processSeedingAccrual(context: SeedingAccrualContext): Promise<BookedPeriod[]> {
  const startedAt = Date.now();
  const booked = await accrueSeedingPoints({ now: context.now(), periodSeconds: context.periodSeconds, tenantIds: context.tenantIds });
  for (const period of booked) {
    context.log.info('seeding points booked', { tenantId: period.tenantId, periodStart: period.periodStart.toISOString(), members: period.members, points: period.points });
  }
  if (context.emitter) {
    // One message per tenant however many periods were caught up; live only, so a failure is logged, not retried.
    const tenants = new Set(booked.filter((period) => period.members > 0).map((period) => period.tenantId));
    for (const tenantId of tenants) {
      try {
        await publishBalancesChanged(context.emitter, tenantId);
      } catch (error) {
        context.log.warn('live balance update not sent', { tenantId, error });
      }
    }
  }
  context.log.info('seeding accrual done', { periods: booked.length, ms: Date.now() - startedAt });
  return booked;
}
