// The accrual books members in chunks, each its own short transaction (issue 11: no
// row lock held for the whole run). A run that died after some chunks is finished by the
// next without crediting anybody twice, and the period's totals count each member once.
import { createHash, randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { accrueSeedingPoints } from '@swarmhost/domain/bonus/accrue-seeding-points';
import { describe, expect, it } from 'vitest';
import { newMember, newTenant } from './support/fixtures';

const at = (iso: string) => new Date(iso);

describe('accrual in chunks', () => {
  it('books every member once across chunks, and finishes an interrupted period exactly', async () => {
    const tenant = await newTenant();
    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: { bonus: { earningRules: [{ name: 'Base', condition: 'seeding', pointsPerHour: 1 }] } } } });
    const members = await Promise.all(Array.from({ length: 7 }, () => newMember(tenant)));
    const name = `t-${randomBytes(4).toString('hex')}`;
    const torrent = await systemClient().torrent.create({
      data: { tenantId: tenant.id, infoHash: createHash('sha1').update(name).digest('hex'), name, size: 1000n, fileCount: 1, pieceLength: 16384, torrentFile: new Uint8Array([1]), status: 'approved' },
    });
    await systemClient().history.createMany({
      data: members.map((member) => ({
        tenantId: tenant.id,
        memberId: member.id,
        torrentId: torrent.id,
        seeding: true,
        active: true,
        firstAnnounceAt: at('2026-06-01T00:00:00Z'),
        lastAnnounceAt: at('2026-06-01T10:30:00Z'),
      })),
    });
    // A run that died after booking one member of the 10:00 period (its row exists, the
    // period is not marked booked).
    const first = [...members].sort((a, b) => a.id.localeCompare(b.id))[0]!;
    await systemClient().$transaction([
      systemClient().bonusTransaction.create({
        data: { tenantId: tenant.id, memberId: first.id, amount: 1, reason: 'seeding', referenceType: 'accrual_period', referenceId: '2026-06-01T10:00:00.000Z', idempotencyKey: `seeding:2026-06-01T10:00:00.000Z:${first.id}` },
      }),
      systemClient().member.update({ where: { id: first.id }, data: { bonusPoints: 1 } }),
    ]);

    const booked = await accrueSeedingPoints({ now: at('2026-06-01T11:00:03Z'), periodSeconds: 3600, tenantIds: [tenant.id], chunkMembers: 2 });
    expect(booked.map((period) => [period.periodStart.toISOString(), period.members, period.points])).toEqual([['2026-06-01T10:00:00.000Z', 6, '6.0000']]);
    const balances = await systemClient().member.findMany({ where: { tenantId: tenant.id }, select: { bonusPoints: true } });
    expect(balances.map((row) => row.bonusPoints.toString())).toEqual(Array(7).fill('1'));
    expect(await systemClient().bonusTransaction.count({ where: { tenantId: tenant.id, reason: 'seeding' } })).toBe(7);
    const period = await systemClient().bonusAccrualPeriod.findUniqueOrThrow({ where: { tenantId_periodStart: { tenantId: tenant.id, periodStart: at('2026-06-01T10:00:00Z') } } });
    expect([period.members, period.points.toString()]).toEqual([6, '6']);
    // Marked booked: another run does nothing.
    expect(await accrueSeedingPoints({ now: at('2026-06-01T11:00:09Z'), periodSeconds: 3600, tenantIds: [tenant.id], chunkMembers: 2 })).toEqual([]);
  });
});
