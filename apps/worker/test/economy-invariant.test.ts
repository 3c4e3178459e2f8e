// The economy's invariant (issue 11) after a burst of everything that moves points at
// once: the accrual job booking seeding periods, store purchases, gifts, tips, staff
// adjustments and freeleech tokens being spent. Afterwards every member's balance is the
// sum of their ledger rows, none is below zero, transfers net to zero, the tenant's total
// is what was earned and granted minus what was spent, and every token bought is either
// still held or spent on exactly one torrent.
import { Prisma } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { adjustMemberPoints } from '@swarmhost/domain/bonus/adjust-member-points';
import { buyStoreItem } from '@swarmhost/domain/bonus/buy-store-item';
import { giftPoints } from '@swarmhost/domain/bonus/gift-points';
import { tipUploader } from '@swarmhost/domain/bonus/tip-uploader';
import { useFreeleechToken } from '@swarmhost/domain/torrents/use-freeleech-token';
import { createLogger } from '@swarmhost/log';
import { describe, expect, it } from 'vitest';
import { processSeedingAccrual } from '../src/processors/seeding-accrual';
import { newMember, newTenant } from './support/fixtures';
import * as fixtures from '@swarmhost/domain/testing/fixtures';

const log = createLogger('silent');
const HOUR_MS = 3_600_000;
const STORE = [
  { id: 'credit', kind: 'upload_credit', name: '1 GiB', cost: 7, gibibytes: 1 },
  { id: 'token', kind: 'freeleech_token', name: 'Token', cost: 5, tokens: 1 },
  { id: 'invite', kind: 'invite', name: 'Invite', cost: 11, invites: 1 },
];

const sum = (rows: { amount: Prisma.Decimal }[]) => rows.reduce((total, row) => total.add(row.amount), new Prisma.Decimal(0));

describe('the economy under a concurrent burst', () => {
  it('keeps every balance equal to its ledger, none below zero, points and tokens conserved', async () => {
    const tenant = await newTenant();
    await systemClient().tenant.update({
      where: { id: tenant.id },
      data: { settings: { bonus: { earningRules: [{ name: 'Base', condition: 'seeding', pointsPerHour: 3 }], storeItems: STORE } } },
    });
    const settings = (await systemClient().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { settings: true } })).settings;
    const staff = await newMember(tenant, 'staff');
    const members = await Promise.all(Array.from({ length: 6 }, () => newMember(tenant)));
    const torrents = await Promise.all(members.map((member) => fixtures.newTorrent(tenant, { uploaderId: member.id })));
    // Every member seeds every torrent: each accrual period books 3 points per torrent.
    const periodEnd = new Date('2026-07-01T06:00:00Z');
    await systemClient().history.createMany({
      data: members.flatMap((member) =>
        torrents.map((torrent) => ({
          tenantId: tenant.id,
          memberId: member.id,
          torrentId: torrent.id,
          seeding: true,
          active: true,
          firstAnnounceAt: new Date(periodEnd.getTime() - 10 * HOUR_MS),
          lastAnnounceAt: new Date(periodEnd.getTime() - 60_000),
        })),
      ),
    });
    // A first period so everybody has a little to spend when the burst starts.
    await processSeedingAccrual({ periodSeconds: 3600, now: () => new Date(periodEnd.getTime() - 4 * HOUR_MS + 1000), log, tenantIds: [tenant.id] });

    const pick = <T>(list: readonly T[], index: number) => list[index % list.length]!;
    const operations: Promise<unknown>[] = [
      processSeedingAccrual({ periodSeconds: 3600, now: () => new Date(periodEnd.getTime() + 1000), log, tenantIds: [tenant.id] }),
    ];
    for (let round = 0; round < 8; round += 1) {
      members.forEach((member, index) => {
        const other = pick(members, index + 1 + (round % (members.length - 1)));
        operations.push(
          buyStoreItem({ tenant: { id: tenant.id, settings }, memberId: member.id, itemId: pick(['credit', 'token', 'invite'], round + index) }),
          giftPoints({ tenantId: tenant.id, fromMemberId: member.id, toUsername: other.username, amount: 1 + ((round + index) % 4) }),
          tipUploader({ tenantId: tenant.id, fromMemberId: member.id, torrentId: pick(torrents, index + round + 1).id, amount: 2 }),
          useFreeleechToken({ tenantId: tenant.id, memberId: member.id, torrentId: pick(torrents, round + index + 2).id }),
        );
      });
      operations.push(
        adjustMemberPoints({ tenantId: tenant.id, staffId: staff.id, memberId: pick(members, round).id, amount: round % 2 === 0 ? 9 : -4, reason: `burst round ${round}` }),
      );
    }
    const outcomes = await Promise.allSettled(operations);
    const refusals = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String((outcome as PromiseRejectedResult).reason));
    // Only the refusals the rules allow: short of points (or a staff debit past zero), no
    // token left or already used,
    // a self-tip (the uploader's own torrent). No deadlock, no serialization failure.
    for (const reason of refusals) {
      expect(reason).toMatch(/not enough points|below zero|no freeleech tokens left|already used a freeleech token|cannot tip yourself/);
    }
    // The burst did move points: how many of the 201 succeed depends on the order the
    // operations reach the database (65 to 95 were seen, the fewest on a loaded
    // machine), so each kind is checked below instead of a share.
    expect(refusals.length).toBeLessThan(outcomes.length);

    const db = systemClient();
    const rows = await db.bonusTransaction.findMany({ where: { tenantId: tenant.id }, select: { memberId: true, amount: true, reason: true } });
    const accounts = await db.member.findMany({ where: { tenantId: tenant.id }, select: { id: true, bonusPoints: true, freeleechTokens: true } });
    for (const account of accounts) {
      const ledger = sum(rows.filter((row) => row.memberId === account.id));
      expect(account.bonusPoints.toString(), `member ${account.id}`).toBe(ledger.toString());
      expect(account.bonusPoints.isNegative()).toBe(false);
    }
    const byReason = (reasons: string[]) => sum(rows.filter((row) => reasons.includes(row.reason)));
    expect(byReason(['gift_sent', 'gift_received', 'tip_sent', 'tip_received']).toString()).toBe('0');
    const total = accounts.reduce((all, account) => all.add(account.bonusPoints), new Prisma.Decimal(0));
    expect(total.toString()).toBe(byReason(['seeding', 'staff_adjustment']).add(byReason(['store_purchase'])).toString());
    // 6 members × 6 torrents × 3 points for each of the 5 periods booked (01:00-06:00).
    expect(byReason(['seeding']).toString()).toBe(String(6 * 6 * 3 * 5));
    for (const reason of ['store_purchase', 'gift_sent', 'gift_received', 'tip_sent', 'tip_received', 'staff_adjustment']) {
      expect(rows.filter((row) => row.reason === reason).length, reason).toBeGreaterThan(0);
    }

    const tokensBought = await db.bonusTransaction.count({ where: { tenantId: tenant.id, reason: 'store_purchase', referenceId: 'token' } });
    const tokensSpent = await db.freeleechToken.count({ where: { tenantId: tenant.id } });
    const tokensHeld = accounts.reduce((all, account) => all + account.freeleechTokens, 0);
    expect(tokensSpent + tokensHeld).toBe(tokensBought);
    expect(tokensSpent).toBeGreaterThan(0);
  });
});
