// After the worker's accrual books a tenant's period it sends every gateway one message
// (BALANCES_CHANGED_EVENT); each gateway reads the balances of just the members connected
// to it, in one query per thousand, and delivers them to their rooms locally. A tenant of
// 100,000 credited members with 300 online costs one Redis message and a 300-row read.
import { forTenant } from '@swarmhost/db';
import { BALANCE_EVENT, BALANCES_CHANGED_EVENT, gatewayRooms, isBalancesChanged, memberIdsInRooms, type BalanceUpdate } from '@swarmhost/events';
import type { Logger } from './log';
import type { GatewayServer } from './socket-types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READ_CHUNK = 1000;

/** Sends the current balance of every member of `tenantId` with a socket on this gateway; returns how many. */
export async function deliverBalancesLocally(io: GatewayServer, tenantId: string): Promise<number> {
  const localRooms = io.of('/').adapter.rooms;
  const memberIds = memberIdsInRooms(localRooms.keys(), tenantId).filter((id) => UUID.test(id));
  let delivered = 0;
  for (let start = 0; start < memberIds.length; start += READ_CHUNK) {
    const asOf = Date.now();
    const rows = await forTenant(tenantId).member.findMany({
      where: { id: { in: memberIds.slice(start, start + READ_CHUNK) } },
      select: { id: true, bonusPoints: true },
    });
    for (const row of rows) {
      const update: BalanceUpdate = { balance: row.bonusPoints.toDecimalPlaces(4).toString(), asOf };
      io.local.to(gatewayRooms.member(tenantId, row.id)).emit(BALANCE_EVENT, update);
      delivered += 1;
    }
  }
  return delivered;
}

export function registerBalanceRelay(io: GatewayServer, log: Logger): void {
  io.on(BALANCES_CHANGED_EVENT, (message: unknown) => {
    if (!isBalancesChanged(message)) return;
    deliverBalancesLocally(io, message.tenantId).then(
      (delivered) => log.debug('balances delivered', { tenantId: message.tenantId, delivered }),
      (error: unknown) => log.warn('balances not delivered', { tenantId: message.tenantId, error }),
    );
  });
}
