// The points ledger and the store (issue 11) against real PostgreSQL: purchases are one
// transaction each, a member can never overspend even with 20 purchases at once, and the
// balance always equals the sum of the member's ledger rows.
import { withTenant } from '@swarmhost/db';
import { afterAll, describe, expect, it } from 'vitest';
import { bookPoints, buyStoreItem, getBonusSummary, listBonusTransactions, listStoreItems } from '../src/index';
import { ledgerState, memberWithPoints } from './bonus-helpers';
import { newTenant, redis } from './helpers';

afterAll(() => redis.quit());

const store = {
  bonus: {
    storeItems: [
      { id: 'upload-10gib', kind: 'upload_credit', gibibytes: 10, cost: 100 },
      { id: 'token', kind: 'freeleech_token', tokens: 2, cost: 50 },
      { id: 'pfl', kind: 'personal_freeleech', hours: 24, cost: 10 },
      { id: 'invite', kind: 'invite', invites: 1, cost: 10 },
      { id: 'title', kind: 'custom_title', cost: 10, name: 'Your own title' },
    ],
  },
};

describe('the store', () => {
  it('lists the default items when the tenant set none, with words for what each gives', async () => {
    const tenant = await newTenant();
    const items = listStoreItems(tenant);
    expect(items.map((item) => item.kind)).toEqual(
      expect.arrayContaining(['upload_credit', 'freeleech_token', 'personal_freeleech', 'invite', 'custom_title']),
    );
    expect(items.find((item) => item.id === 'upload-10gib')).toMatchObject({ gives: '10 GiB of upload credit', name: '10 GiB of upload credit' });
  });

  it('20 purchases at once by a member who can afford 5: exactly 5 succeed, the rest "not enough points", balance exact', async () => {
    const tenant = await newTenant(store);
    const member = await memberWithPoints(tenant.id, 520);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => buyStoreItem({ tenant, memberId: member.id, itemId: 'upload-10gib' })),
    );
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { code: string; message: string }] : []));
    expect(fulfilled).toHaveLength(5);
    expect(rejected).toHaveLength(15);
    for (const error of rejected) {
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(/^not enough points: you have 20, this costs 100$/);
    }
    const state = await ledgerState(member.id);
    expect(state.balance).toBe('20');
    expect(state.ledgerSum).toBe('20');
    expect(state.rows).toBe(6); // the grant and five purchases
    expect(state.member.creditedUploadBytes).toBe(5n * 10n * 1024n ** 3n);
  });

  it('gives what each kind promises, with one ledger row each', async () => {
    const tenant = await newTenant(store);
    const member = await memberWithPoints(tenant.id, 1000);
    const now = new Date('2030-01-01T00:00:00Z');
    await buyStoreItem({ tenant, memberId: member.id, itemId: 'token' });
    await buyStoreItem({ tenant, memberId: member.id, itemId: 'invite' });
    // Personal freeleech tells the tracker's caches to re-read the member (the tracker honours it from there).
    const published: string[] = [];
    const publisher = { publish: async (_channel: string, message: string) => published.push(message) };
    await buyStoreItem({ tenant, memberId: member.id, itemId: 'pfl', now, publisher });
    await buyStoreItem({ tenant, memberId: member.id, itemId: 'pfl', now }); // extends the running period
    expect(published.map((message) => JSON.parse(message) as unknown)).toEqual([
      expect.objectContaining({ kind: 'member', tenantId: tenant.id, memberId: member.id }),
    ]);
    const purchase = await buyStoreItem({ tenant, memberId: member.id, itemId: 'title', title: '  Seed   lord ' });
    expect(purchase.balance).toBe('910');
    const state = await ledgerState(member.id);
    expect(state.member).toMatchObject({ freeleechTokens: 2, inviteQuota: 1, title: 'Seed lord' });
    expect(state.member.personalFreeleechUntil?.toISOString()).toBe('2030-01-03T00:00:00.000Z');
    expect(state.ledgerSum).toBe('910');

    // An accrual row (booked by the worker's job in production) reads with its period.
    await withTenant(tenant.id, (tx) =>
      bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: 3, reason: 'seeding', reference: { type: 'accrual_period', id: '2030-01-01T05:00:00.000Z' } }),
    );
    const history = await listBonusTransactions({ tenantId: tenant.id, memberId: member.id });
    expect(history.total).toBe(7);
    expect(history.items[0]).toMatchObject({ amount: '3', description: 'Seeding, period from 2030-01-01 05:00 UTC' });
    history.items.shift();
    expect(history.items[0]).toMatchObject({ amount: '-10', description: 'Bought a custom title of your choice: "Seed lord"' });
    expect(history.items.at(-1)).toMatchObject({ amount: '1000', description: 'Adjusted by staff' });
    const summary = await getBonusSummary({ tenantId: tenant.id, memberId: member.id, now });
    expect(summary).toMatchObject({ balance: '913', freeleechTokens: 2, inviteQuota: 1, title: 'Seed lord' });
  });

  it('refuses bad purchases by name and writes nothing', async () => {
    const tenant = await newTenant(store);
    const member = await memberWithPoints(tenant.id, 30);
    await expect(buyStoreItem({ tenant, memberId: member.id, itemId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no item "nope"/) });
    await expect(buyStoreItem({ tenant, memberId: member.id, itemId: 'title', title: '   ' })).rejects.toMatchObject({ message: expect.stringMatching(/^title: /) });
    await expect(buyStoreItem({ tenant, memberId: member.id, itemId: 'title', title: 'x'.repeat(31) })).rejects.toMatchObject({ message: /at most 30 characters/ });
    await expect(buyStoreItem({ tenant, memberId: member.id, itemId: 'title', title: 'a\u202eb' })).rejects.toMatchObject({ message: /control or direction/ });
    await expect(buyStoreItem({ tenant, memberId: member.id, itemId: 'upload-10gib' })).rejects.toMatchObject({ message: 'not enough points: you have 30, this costs 100' });
    await expect(
      withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: 0, reason: 'x' })),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /above 0/ });
    await expect(
      withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: 1.5, reason: 'x' })),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: 10_000_001, reason: 'x' })),
    ).rejects.toMatchObject({ message: /at most 10000000/ });
    const state = await ledgerState(member.id);
    expect(state).toMatchObject({ balance: '30', ledgerSum: '30', rows: 1 });
    expect(state.member.title).toBeNull();
  });

  it('rejects a bad store item in the settings, naming the field', async () => {
    const { parseTenantSettings } = await import('@swarmhost/db');
    expect(() => parseTenantSettings({ bonus: { storeItems: [{ id: 'a', kind: 'upload_credit', gibibytes: 0, cost: 5 }] } })).toThrow(/bonus\.storeItems\.0\.gibibytes/);
    expect(() => parseTenantSettings({ bonus: { storeItems: [{ id: 'a', kind: 'invite', invites: 1, cost: -1 }] } })).toThrow(/bonus\.storeItems\.0\.cost/);
    expect(() => parseTenantSettings({ bonus: { storeItems: [{ id: 'a', kind: 'boat', cost: 1 }] } })).toThrow(/must have a kind/);
    expect(() =>
      parseTenantSettings({ bonus: { storeItems: [{ id: 'a', kind: 'invite', invites: 1, cost: 1 }, { id: 'a', kind: 'custom_title', cost: 1 }] } }),
    ).toThrow(/bonus\.storeItems\.1\.id.*earlier item/);
  });
});
