// The seeding accrual job (issue 11): a repeatable BullMQ job, one per period, that books
// every tenant's bonus points for the periods that have ended. Its payload carries nothing
// but its version; what to book follows from the clock and bonus_accrual_periods.
import { z } from 'zod';
import type { JobDefinition } from './define-job';

export interface SeedingAccrualPayload {
  version: 1;
}

export const seedingAccrualJob: JobDefinition<SeedingAccrualPayload> = {
  id: 'seeding-accrual',
  version: 1,
  payload: z.object({ version: z.literal(1) }),
};

/** The job scheduler's id: every worker process upserts the same one, so one schedule exists. */
export const SEEDING_ACCRUAL_SCHEDULER_ID = 'seeding-accrual-every-period';
