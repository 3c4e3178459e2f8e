// Gifts and tips (issue 11) against real PostgreSQL: a burst of concurrent transfers among
// three members never deadlocks, never overdraws, conserves the points, and leaves every
// balance equal to the sum of its ledger rows; bad transfers are refused with nothing written.
import { systemClient } from '@swarmhost/db/system';
import { afterAll, describe, expect, it } from 'vitest';
import { getTorrentTipTotal, giftPoints, listBonusTransactions, tipUploader, uploadTorrent } from '../src/index';
import { ledgerState, memberWithPoints } from './bonus-helpers';
import { makeTorrent, newTenant, redis, TRACKER } from './helpers';

afterAll(() => redis.quit());

async function community() {
  const tenant = await newTenant();
  const members = await Promise.all([memberWithPoints(tenant.id, 300), memberWithPoints(tenant.id, 300), memberWithPoints(tenant.id, 300)]);
  const torrents = [];
  for (const member of members) {
    torrents.push(await uploadTorrent({ tenant, uploaderId: member.id, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER }));
  }
  return { tenant, members, torrents };
}

describe('gifts and tips', () => {
  it('a concurrent burst among 3 members: no deadlock, nothing overdrawn, points conserved, balances = ledger sums', async () => {
    const { tenant, members, torrents } = await community();
    let seed = 7;
    const next = (bound: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % bound;
    const operations = Array.from({ length: 60 }, (_, index) => {
      const from = next(3);
      const to = (from + 1 + next(2)) % 3;
      const amount = 1 + next(150);
      const sender = members[from]!;
      return index % 2 === 0
        ? giftPoints({ tenantId: tenant.id, fromMemberId: sender.id, toUsername: members[to]!.username, amount, note: `gift ${index}` })
        : tipUploader({ tenantId: tenant.id, fromMemberId: sender.id, torrentId: torrents[to]!.id, amount });
    });
    const results = await Promise.allSettled(operations);
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { code?: string; message?: string }] : []));
    // The only acceptable refusal is an overdraft; a deadlock or a check violation fails here.
    for (const failure of failures) expect(failure.message).toMatch(/^not enough points: you have \d+, this costs \d+$/);
    expect(results.length - failures.length).toBeGreaterThan(10);

    let total = 0;
    for (const member of members) {
      const state = await ledgerState(member.id);
      expect(state.balance).toBe(state.ledgerSum);
      expect(Number(state.balance)).toBeGreaterThanOrEqual(0);
      total += Number(state.balance);
    }
    expect(total).toBe(900);

    // Every transfer is two rows naming each other, with opposite amounts.
    const rows = await systemClient().bonusTransaction.findMany({ where: { tenantId: tenant.id, counterpartId: { not: null } } });
    expect(rows).toHaveLength(2 * (results.length - failures.length));
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const row of rows) {
      const other = byId.get(row.counterpartId!);
      expect(other?.counterpartId).toBe(row.id);
      expect(other?.amount.add(row.amount).toNumber()).toBe(0);
    }
    // Each received gift or tip was notified to its receiver.
    const notified = await systemClient().notification.count({ where: { tenantId: tenant.id, kind: { in: ['bonus.gift', 'bonus.tip'] } } });
    expect(notified).toBe(results.length - failures.length);
  });

  it('a tip shows in the torrent total, the history and the uploader notification', async () => {
    const { tenant, members, torrents } = await community();
    const [alice, bob] = members;
    await tipUploader({ tenantId: tenant.id, fromMemberId: alice!.id, torrentId: torrents[1]!.id, amount: 25, note: 'thanks!' });
    const result = await tipUploader({ tenantId: tenant.id, fromMemberId: members[2]!.id, torrentId: torrents[1]!.id, amount: 5 });
    expect(result.tipTotal).toBe('30');
    expect(await getTorrentTipTotal({ tenantId: tenant.id, torrentId: torrents[1]!.id })).toBe('30');
    const history = await listBonusTransactions({ tenantId: tenant.id, memberId: bob!.id });
    expect(history.items.find((item) => item.amount === '25')).toMatchObject({
      description: `Tip from ${alice!.username} for ${torrents[1]!.name}`,
      note: 'thanks!',
    });
    const notification = await systemClient().notification.findFirstOrThrow({ where: { memberId: bob!.id, kind: 'bonus.tip' }, orderBy: { createdAt: 'asc' } });
    expect(notification.payload).toMatchObject({ fromUsername: alice!.username, amount: 25, torrentName: torrents[1]!.name, note: 'thanks!' });

    await giftPoints({ tenantId: tenant.id, fromMemberId: bob!.id, toUsername: alice!.username.toUpperCase(), amount: 7, note: 'for you' });
    const aliceHistory = await listBonusTransactions({ tenantId: tenant.id, memberId: alice!.id });
    expect(aliceHistory.items[0]).toMatchObject({ amount: '7', description: `Gift from ${bob!.username}`, note: 'for you' });
  });

  it('refuses bad transfers clearly and writes nothing', async () => {
    const { tenant, members, torrents } = await community();
    const [alice, bob] = members;
    const other = await newTenant();
    const stranger = await memberWithPoints(other.id, 0);
    const gift = (amount: number, toUsername = bob!.username, note?: string) =>
      giftPoints({ tenantId: tenant.id, fromMemberId: alice!.id, toUsername, amount, note });
    await expect(gift(-5)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /above 0 \(got -5\)/ });
    await expect(gift(0)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /above 0 \(got 0\)/ });
    await expect(gift(2.5)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(gift(10_000_001)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /at most 10000000/ });
    await expect(gift(301)).rejects.toMatchObject({ code: 'CONFLICT', message: 'not enough points: you have 300, this costs 301' });
    await expect(gift(5, 'nobody-here')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no active member is called "nobody-here" here' });
    await expect(gift(5, stranger.username)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(gift(5, alice!.username)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'you cannot gift points to yourself' });
    await expect(gift(5, bob!.username, 'x'.repeat(201))).rejects.toMatchObject({ message: /note: must be at most 200/ });
    const tip = (torrentId: string, amount = 5) => tipUploader({ tenantId: tenant.id, fromMemberId: alice!.id, torrentId, amount });
    await expect(tip(torrents[0]!.id)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'you cannot tip yourself: this is your upload' });
    await expect(tip(torrents[1]!.id, -1)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(tip('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    for (const member of members) {
      const state = await ledgerState(member.id);
      expect(state).toMatchObject({ balance: '300', ledgerSum: '300', rows: 1 });
    }
    expect(await systemClient().notification.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
