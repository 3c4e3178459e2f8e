// Live bonus balances through real gateway processes: after an accrual the worker sends
// ONE server-side message per tenant, and each gateway delivers, from PostgreSQL, the
// balance of each member connected to it — once per socket, nothing to another tenant's
// members; a single booking's push (pushBalance) reaches every tab of that member only.
import { systemClient } from '@swarmhost/db/system';
import { BALANCE_EVENT, publishBalancesChanged, pushBalance, type BalanceUpdate } from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connectAs, pause, record } from './support/clients';
import { newMember, newTenant } from './support/fixtures';
import { redisNames, REDIS_URL, startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateways: GatewayProcess[];
let redis: Redis;

beforeAll(async () => {
  gateways = await Promise.all([startGatewayProcess('balance'), startGatewayProcess('balance')]);
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  closeAllSockets();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  redis.disconnect();
});

const port = (index: number) => gateways[index]?.port ?? 0;

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) await pause(50);
}

describe('live balances', () => {
  it('answers one accrual message with each connected member’s own balance, on every gateway, once per socket', async () => {
    const [tenant, other] = await Promise.all([newTenant(), newTenant()]);
    const [alice, bob, mallory] = await Promise.all([newMember(tenant), newMember(tenant), newMember(other)]);
    await systemClient().member.update({ where: { id: alice.id }, data: { bonusPoints: '12.5' } });
    await systemClient().member.update({ where: { id: bob.id }, data: { bonusPoints: '40' } });
    await systemClient().member.update({ where: { id: mallory.id }, data: { bonusPoints: '7' } });
    const aliceOnA = await connectAs(port(0), { tenantId: tenant.id, memberId: alice.id, role: 'member' });
    const aliceOnB = await connectAs(port(1), { tenantId: tenant.id, memberId: alice.id, role: 'member' });
    const bobOnB = await connectAs(port(1), { tenantId: tenant.id, memberId: bob.id, role: 'member' });
    const malloryOnA = await connectAs(port(0), { tenantId: other.id, memberId: mallory.id, role: 'member' });
    const seen = [aliceOnA, aliceOnB, bobOnB, malloryOnA].map((socket) => record<BalanceUpdate>(socket, BALANCE_EVENT));

    const before = Date.now();
    await publishBalancesChanged(createEmitter(redis, { key: redisNames('balance').adapterKey }), tenant.id);
    await until(() => (seen[0]?.length ?? 0) > 0 && (seen[1]?.length ?? 0) > 0 && (seen[2]?.length ?? 0) > 0);
    await pause(300);
    expect(seen.map((updates) => updates.map((update) => update.balance))).toEqual([['12.5'], ['12.5'], ['40'], []]);
    expect(seen[0]?.[0]?.asOf).toBeGreaterThanOrEqual(before - 1000);
  });

  it('delivers a single booking’s push to that member’s tabs only', async () => {
    const tenant = await newTenant();
    const [alice, bob] = await Promise.all([newMember(tenant), newMember(tenant)]);
    const aliceTabs = await Promise.all([0, 1].map((index) => connectAs(port(index), { tenantId: tenant.id, memberId: alice.id, role: 'member' })));
    const bobOnA = await connectAs(port(0), { tenantId: tenant.id, memberId: bob.id, role: 'member' });
    const seen = [...aliceTabs, bobOnA].map((socket) => record<BalanceUpdate>(socket, BALANCE_EVENT));
    await pushBalance(createEmitter(redis, { key: redisNames('balance').adapterKey }), { tenantId: tenant.id, memberId: alice.id, balance: '99', asOf: 5 });
    await until(() => seen.slice(0, 2).every((updates) => updates.length > 0));
    await pause(300);
    expect(seen).toEqual([[{ balance: '99', asOf: 5 }], [{ balance: '99', asOf: 5 }], []]);
  });
});
