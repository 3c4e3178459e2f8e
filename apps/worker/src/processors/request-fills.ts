// One pass over every tenant's overdue request fills (see acceptOverdueFills): each is
// paid to its filler once, however often or concurrently the pass runs.
import { systemClient } from '@swarmhost/db/system';
import { acceptOverdueFills } from '@swarmhost/domain';
import type { LiveEmitter } from '@swarmhost/events';
import type { Logger } from '@swarmhost/log';

export interface RequestFillsContext {
  now: () => Date;
  emitter?: LiveEmitter;
  log: Logger;
  /** Tests limit the pass to their tenants. */
  tenantIds?: readonly string[];
}

export async function processRequestFills(context: RequestFillsContext): Promise<{ tenantId: string; accepted: number }[]> {
  const now = context.now();
  // Only tenants with an overdue fill: one indexed query instead of a pass per tenant.
  const due = await systemClient().torrentRequest.findMany({
    where: { status: 'pending', fillAcceptBy: { lte: now }, ...(context.tenantIds ? { tenantId: { in: [...context.tenantIds] } } : {}) },
    select: { tenantId: true },
    distinct: ['tenantId'],
  });
  const results: { tenantId: string; accepted: number }[] = [];
  for (const { tenantId } of due) {
    const accepted = await acceptOverdueFills({ tenantId, now, emitter: context.emitter });
    if (accepted > 0) context.log.info('request fills accepted', { tenantId, accepted });
    results.push({ tenantId, accepted });
  }
  return results;
}
