// After the accrual books, the worker tells the gateways once per tenant whose members
// were credited — however many periods were caught up — and not at all for a tenant
// where nobody earned; a failing emitter does not fail the booking.
import { systemClient } from '@swarmhost/db/system';
import { BALANCES_CHANGED_EVENT } from '@swarmhost/events';
import { newTorrent } from '@swarmhost/domain/testing/fixtures';
import { createLogger } from '@swarmhost/log';
import { describe, expect, it } from 'vitest';
import { processSeedingAccrual } from '../src/processors/seeding-accrual';
import { newMember, newTenant } from './support/fixtures';

const log = createLogger('silent');
const HOUR = 3600;

describe('seeding accrual: live balances', () => {
  it('sends one balances-changed message per credited tenant', async () => {
    const [earning, idle] = await Promise.all([newTenant(), newTenant()]);
    const seeder = await newMember(earning);
    const torrent = await newTorrent(earning);
    // Seeding through two whole hours: a first run books one, the next run (two hours later) two more.
    await systemClient().history.create({
      data: { tenantId: earning.id, memberId: seeder.id, torrentId: torrent.id, seeding: true, active: true, firstAnnounceAt: new Date('2026-05-01T09:00:00Z'), lastAnnounceAt: new Date('2026-05-01T13:00:00Z') },
    });
    const sent: unknown[][] = [];
    const emitter = { serverSideEmit: (...args: unknown[]) => sent.push(args) };
    const run = (iso: string) => processSeedingAccrual({ periodSeconds: HOUR, now: () => new Date(iso), log, tenantIds: [earning.id, idle.id], emitter });

    const credited = (periods: { tenantId: string; members: number }[]) => periods.filter((period) => period.members > 0).map((period) => period.tenantId);
    // The idle tenant's hour is booked too (with nobody), but sends nothing.
    expect(credited(await run('2026-05-01T11:00:00Z'))).toEqual([earning.id]);
    expect(sent).toEqual([[BALANCES_CHANGED_EVENT, expect.objectContaining({ tenantId: earning.id, cause: 'accrual' })]]);

    sent.length = 0;
    expect(credited(await run('2026-05-01T13:00:00Z'))).toEqual([earning.id, earning.id]);
    expect(sent).toHaveLength(1);

    sent.length = 0;
    expect(await run('2026-05-01T13:30:00Z')).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('books even when the live message cannot be sent', async () => {
    const tenant = await newTenant();
    const seeder = await newMember(tenant);
    const torrent = await newTorrent(tenant);
    await systemClient().history.create({
      data: { tenantId: tenant.id, memberId: seeder.id, torrentId: torrent.id, seeding: true, active: true, firstAnnounceAt: new Date('2026-05-02T09:00:00Z'), lastAnnounceAt: new Date('2026-05-02T10:30:00Z') },
    });
    const emitter = { serverSideEmit: () => Promise.reject(new Error('redis down')) };
    const booked = await processSeedingAccrual({ periodSeconds: HOUR, now: () => new Date('2026-05-02T11:00:00Z'), log, tenantIds: [tenant.id], emitter });
    expect(booked.map((period) => period.members)).toEqual([1]);
  });
});
