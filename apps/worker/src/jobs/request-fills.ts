// The request-fills job (issue 12): a repeatable BullMQ job that accepts every fill whose
// requester did not answer within the tenant's acceptDays. Its payload is only its
// version; what to do follows from the clock and the requests table.
import { z } from 'zod';
import type { JobDefinition } from './define-job';

export interface RequestFillsPayload {
  version: 1;
}

export const requestFillsJob: JobDefinition<RequestFillsPayload> = {
  id: 'request-fills',
  version: 1,
  payload: z.object({ version: z.literal(1) }),
};

export const REQUEST_FILLS_SCHEDULER_ID = 'request-fills-every-interval';
