// The hit-and-run job (issue 11): a repeatable BullMQ job that finds pre-warnings,
// warnings and expired warnings at the clock's time for every tenant. Its payload is
// only its version; what to do follows from the clock and the tables.
import { z } from 'zod';
import type { JobDefinition } from './define-job';

export interface HitAndRunPayload {
  version: 1;
}

export const hitAndRunJob: JobDefinition<HitAndRunPayload> = {
  id: 'hit-and-run',
  version: 1,
  payload: z.object({ version: z.literal(1) }),
};

/** The job scheduler's id: every worker process upserts the same one, so one schedule exists. */
export const HIT_AND_RUN_SCHEDULER_ID = 'hit-and-run-every-interval';
