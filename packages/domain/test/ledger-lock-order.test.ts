// Requests (and staff point adjustments) take their member locks all at once, in id
// order, after the request row (request-workflow.ts). These tests build the interleavings that deadlocked when a
// member was named (an event's actor, a new request's requester) before being locked:
// a third connection holds one member's row so both operations queue behind it in a
// chosen order, then lets go. PostgreSQL would abort one of them with 40P01; now both
// finish and every point is where it should be.
import { withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { newMember, newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptFill, adjustMemberPoints, bookPoints, createRequest, deleteRequest, fillRequest, giftPoints, unfillRequest, voteOnRequest } from '../src/index';
import { redis } from './helpers';

afterAll(() => redis.quit());

async function fund(tenantId: string, memberId: string, points: number) {
  await withTenant(tenantId, (tx) => bookPoints(tx, { tenantId, memberId, amount: points, reason: 'staff_adjustment' }));
}

const balanceOf = async (memberId: string) =>
  (await systemClient().member.findUniqueOrThrow({ where: { id: memberId }, select: { bonusPoints: true } })).bonusPoints.toString();

/** Members of a new tenant, sorted by id, so a test can choose who is locked first. */
async function sortedMembers(count: number) {
  const tenant = await newTenant('reqlock');
  const staff = await newMember(tenant, 'staff');
  const members = await Promise.all(Array.from({ length: count }, () => newMember(tenant)));
  members.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { tenant: { id: tenant.id, slug: tenant.slug, settings: { requests: { minBounty: 5 } } }, staff: { id: staff.id, role: 'staff' }, members };
}

/**
 * Holds one member's row in a transaction of its own until `release` is called. The pid
 * lets the test see which sessions wait behind it.
 */
async function holdMember(memberId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let pid!: number;
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const done = systemClient().$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid FROM members WHERE id = ${memberId}::uuid FOR UPDATE`;
      pid = rows[0]!.pid;
      held();
      await released;
    },
    { timeout: 30_000 },
  );
  await holding;
  return { pid, release, done };
}

/** Waits until `count` sessions wait, directly or behind one another, on the holder. */
async function waitForWaiters(holderPid: number, count: number) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const rows = await systemClient().$queryRaw<{ pid: number }[]>`
      WITH RECURSIVE waiting(pid) AS (
        SELECT pid FROM pg_stat_activity WHERE ${holderPid}::int = ANY (pg_blocking_pids(pid))
        UNION
        SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY (pg_blocking_pids(a.pid))
      )
      SELECT pid FROM waiting`;
    if (rows.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} sessions ever waited on the held member`);
}

/**
 * Starts each operation while the member's row is held, each only once the ones before it
 * wait in the queue, then lets go. Returns 'ok' or the error of each.
 */
async function whileHeld(memberId: string, operations: (() => Promise<unknown>)[]): Promise<string[]> {
  const holder = await holdMember(memberId);
  const settled: Promise<string>[] = [];
  try {
    for (const [index, operation] of operations.entries()) {
      settled.push(operation().then(() => 'ok', (error: unknown) => String(error)));
      await waitForWaiters(holder.pid, index + 1);
    }
  } finally {
    holder.release();
    await holder.done;
  }
  return Promise.all(settled);
}

describe('request locks, in one order', () => {
  it('an acceptance and a deletion that share two members both finish (the acceptance used to name the requester late)', async () => {
    const { tenant, staff, members } = await sortedMembers(2);
    const requester = members[0]!; // sorted: requester.id < filler.id
    const filler = members[1]!;
    await fund(tenant.id, requester.id, 100);
    await fund(tenant.id, filler.id, 100);
    const torrent = await newTorrent(tenant);
    // R1: the requester's, filled by the filler, waiting for the requester's answer.
    const first = await createRequest({ tenant, memberId: requester.id, title: 'First', bounty: 40 });
    await fillRequest({ tenant, memberId: filler.id, requestId: first.id, torrentId: torrent.id });
    // R2: the requester's too, with the filler's vote on it; staff delete it.
    const second = await createRequest({ tenant, memberId: requester.id, title: 'Second', bounty: 30 });
    await voteOnRequest({ tenant, memberId: filler.id, requestId: second.id, amount: 20 });

    const outcomes = await whileHeld(requester.id, [
      // The deletion queues first for the requester (the lower id), then wants the filler.
      () => deleteRequest({ tenantId: tenant.id, actor: staff, requestId: second.id, reason: 'duplicate' }),
      // The acceptance pays the filler, then names the requester as its event's actor.
      () => acceptFill({ tenantId: tenant.id, actor: { id: requester.id, role: 'member' }, requestId: first.id }),
    ]);
    expect(outcomes).toEqual(['ok', 'ok']);
    // Requester: 100 − 40 − 30 + 30 refunded. Filler: 100 − 20 + 20 refunded + 40 reward.
    expect(await balanceOf(requester.id)).toBe('60');
    expect(await balanceOf(filler.id)).toBe('140');
  });

  it('an unfill and a deletion that share the staff member both finish (the unfill used to name staff after the filler)', async () => {
    const { tenant, staff, members } = await sortedMembers(1);
    const requester = members[0]!;
    // The filler must sort after the staff member: ids are random, so draw until one does.
    let filler = await newMember(tenant);
    while (filler.id < staff.id) filler = await newMember(tenant);
    await fund(tenant.id, requester.id, 100);
    await fund(tenant.id, filler.id, 100);
    const torrent = await newTorrent(tenant);
    const paid = await createRequest({ tenant, memberId: requester.id, title: 'Paid', bounty: 50 });
    await fillRequest({ tenant, memberId: filler.id, requestId: paid.id, torrentId: torrent.id });
    await acceptFill({ tenantId: tenant.id, actor: { id: requester.id, role: 'member' }, requestId: paid.id });
    // A second request the staff member put points on, deleted by the staff member.
    await fund(tenant.id, staff.id, 100);
    const other = await createRequest({ tenant, memberId: staff.id, title: 'Other', bounty: 25 });
    await voteOnRequest({ tenant, memberId: filler.id, requestId: other.id, amount: 10 });

    const outcomes = await whileHeld(staff.id, [
      // The deletion locks the staff member (a voter and its actor), then the filler.
      () => deleteRequest({ tenantId: tenant.id, actor: staff, requestId: other.id, reason: 'not needed' }),
      // The unfill takes the reward back from the filler, then names staff in its rows.
      () => unfillRequest({ tenantId: tenant.id, actor: staff, requestId: paid.id, reason: 'wrong edition' }),
    ]);
    expect(outcomes).toEqual(['ok', 'ok']);
    // Filler: 100 + 50 reward − 50 taken back − 10 + 10 refunded. Staff: 100 − 25 + 25.
    expect(await balanceOf(filler.id)).toBe('100');
    expect(await balanceOf(staff.id)).toBe('100');
  });

  it('two new requests from one member at the same moment both open (each used to wait to upgrade its share lock)', async () => {
    const { tenant, members } = await sortedMembers(1);
    const asker = members[0]!;
    await fund(tenant.id, asker.id, 100);
    const outcomes = await whileHeld(
      asker.id,
      [1, 2, 3].map((n) => () => createRequest({ tenant, memberId: asker.id, title: `At once ${n}`, bounty: 10 })),
    );
    expect(outcomes).toEqual(['ok', 'ok', 'ok']);
    expect(await balanceOf(asker.id)).toBe('70');
  });

  it('a staff adjustment and a gift from that staff member both finish (the adjustment used to name staff in its audit row late)', async () => {
    const { tenant, staff } = await sortedMembers(0);
    // The member must sort after the staff member, so the gift locks staff first.
    let target = await newMember(tenant);
    while (target.id < staff.id) target = await newMember(tenant);
    await fund(tenant.id, staff.id, 100);
    await fund(tenant.id, target.id, 100);
    const outcomes = await whileHeld(staff.id, [
      () => giftPoints({ tenantId: tenant.id, fromMemberId: staff.id, toUsername: target.username, amount: 30 }),
      () => adjustMemberPoints({ tenantId: tenant.id, staffId: staff.id, memberId: target.id, amount: -50, reason: 'duplicate upload credit' }),
    ]);
    expect(outcomes).toEqual(['ok', 'ok']);
    expect(await balanceOf(staff.id)).toBe('70');
    expect(await balanceOf(target.id)).toBe('80');
  });
});
