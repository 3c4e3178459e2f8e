// Requests with bounties (issue 12): a member asks for something missing and puts points
// on it; others add to the bounty (votes); anyone fills it with an approved torrent; the
// requester accepts (or a job does after `acceptDays`) and the whole bounty goes to the
// filler. Points live in escrow between a vote and the payout: a vote's debit is a
// ledger row of the voter ('request_bounty') and a request_bounties row; the payout is
// one 'request_reward' row of the filler; a deletion refunds every live bounty row
// ('request_refund'). Balances plus live escrow are therefore constant.
//
// Locking: every write locks the request row first, then, in one call and in id order,
// every member whose row it will change or name (the payee, the voters, the actor of its
// event or audit row). Naming counts: an insert that refers to a member takes a share lock
// on that member's row, and taken late, out of order, it can wait on another request's
// transaction that is waiting for a member this one holds; PostgreSQL then aborts one of
// them. So two fills, an acceptance and a deletion, or a deletion and a vote never
// interleave and never deadlock.
import { Prisma, parseTenantSettings, withTenant, type TenantTransaction } from '@swarmhost/db';
import type { LiveEmitter } from '@swarmhost/events';
import { recordAudit } from '../audit/record-audit';
import { assertPointAmount, bookPoints, formatPoints, LEDGER_TRANSACTION_OPTIONS, lockMembers, MAX_POINTS_PER_BOOKING } from '../bonus/book-points';
import { AppError } from '../errors';
import { notifyMember } from '../notifications/notify-member';

export const REQUEST_TITLE_MAX = 200;
export const REQUEST_DESCRIPTION_MAX = 20_000;
export const REQUEST_REASON_MAX = 500;
const DAY_MS = 86_400_000;

export type RequestActor = { id: string; role: string };

interface LockedRequest {
  id: string;
  requester_id: string | null;
  status: 'open' | 'pending' | 'filled' | 'closed';
  title: string;
  total_bounty: Prisma.Decimal;
  filled_by_id: string | null;
  filled_torrent_id: string | null;
  claimed_by_id: string | null;
  claim_expires_at: Date | null;
  fill_accept_by: Date | null;
}

const isStaff = (actor: RequestActor) => actor.role !== 'member';

function requestSettings(settings: unknown) {
  return parseTenantSettings(settings).requests;
}

async function lockRequest(tx: TenantTransaction, requestId: string): Promise<LockedRequest> {
  const rows = await tx.$queryRaw<LockedRequest[]>`
    SELECT id, requester_id, status::text AS status, title, total_bounty, filled_by_id, filled_torrent_id, claimed_by_id, claim_expires_at, fill_accept_by
    FROM requests WHERE id = ${requestId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'this request does not exist here; it may have been deleted');
  return row;
}

function validTitle(raw: string): string {
  const title = raw.trim().replace(/\s+/g, ' ');
  if (title === '') throw new AppError('BAD_REQUEST', 'title: say what you are looking for');
  if ([...title].length > REQUEST_TITLE_MAX) throw new AppError('BAD_REQUEST', `title: must be at most ${REQUEST_TITLE_MAX} characters`);
  return title;
}

function validDescription(raw: string | undefined): string {
  const description = (raw ?? '').trim();
  if (description.length > REQUEST_DESCRIPTION_MAX) {
    throw new AppError('BAD_REQUEST', `description: must be at most ${REQUEST_DESCRIPTION_MAX} characters`);
  }
  return description;
}

function validReason(raw: string | undefined, what: string): string {
  const reason = (raw ?? '').trim();
  if (reason.length < 3) throw new AppError('BAD_REQUEST', `reason: say why ${what} (at least 3 characters)`);
  if ([...reason].length > REQUEST_REASON_MAX) throw new AppError('BAD_REQUEST', `reason: must be at most ${REQUEST_REASON_MAX} characters`);
  return reason;
}

async function requireOwnCategory(tx: TenantTransaction, categoryId: string | null | undefined): Promise<string | null> {
  if (!categoryId) return null;
  const category = await tx.category.findUnique({ where: { id: categoryId }, select: { id: true } });
  if (!category) throw new AppError('BAD_REQUEST', 'category: choose one of this site’s categories');
  return category.id;
}

/** Locks the members an operation touches (nulls skipped), all at once, in id order. */
async function lockInvolved(tx: TenantTransaction, ...memberIds: (string | null)[]): Promise<Map<string, Prisma.Decimal>> {
  return lockMembers(tx, memberIds.filter((id): id is string => id !== null));
}

async function addEvent(tx: TenantTransaction, tenantId: string, requestId: string, actorId: string | null, kind: string, details: object = {}) {
  await tx.requestEvent.create({ data: { tenantId, requestId, actorId, kind, details } });
}

/** Recounts the members with a live bounty on the request and stores the total and the count. */
async function refreshCounters(tx: TenantTransaction, requestId: string) {
  const rows = await tx.$queryRaw<{ total: Prisma.Decimal | null; voters: bigint }[]>`
    SELECT sum(amount) AS total, count(DISTINCT member_id) AS voters
    FROM request_bounties WHERE request_id = ${requestId}::uuid AND refunded_at IS NULL`;
  const total = rows[0]?.total ?? new Prisma.Decimal(0);
  const voters = Number(rows[0]?.voters ?? 0);
  await tx.torrentRequest.update({ where: { id: requestId }, data: { totalBounty: total, voterCount: voters } });
  return { total, voters };
}

async function escrow(tx: TenantTransaction, tenantId: string, requestId: string, memberId: string, amount: number, title: string) {
  await bookPoints(tx, { tenantId, memberId, amount: -amount, reason: 'request_bounty', reference: { type: 'request', id: requestId }, note: title });
  await tx.requestBounty.create({ data: { tenantId, requestId, memberId, amount } });
}

export interface CreateRequestOptions {
  tenant: { id: string; settings: unknown };
  memberId: string;
  title: string;
  description?: string;
  categoryId?: string | null;
  /** The first bounty: at least the tenant's minBounty. */
  bounty: number;
}

export async function createRequest(options: CreateRequestOptions): Promise<{ id: string; balance: string }> {
  const { minBounty } = requestSettings(options.tenant.settings);
  const title = validTitle(options.title);
  const description = validDescription(options.description);
  assertPointAmount(options.bounty, 'bounty');
  if (options.bounty < minBounty) throw new AppError('BAD_REQUEST', `bounty: a request starts with at least ${minBounty} points`);
  const tenantId = options.tenant.id;
  return withTenant(
    tenantId,
    async (tx) => {
      // Before the insert that names them: two requests at once from one member would
      // otherwise both hold a share lock on the member and both wait to upgrade it.
      await lockInvolved(tx, options.memberId);
      const categoryId = await requireOwnCategory(tx, options.categoryId);
      const request = await tx.torrentRequest.create({
        data: { tenantId, requesterId: options.memberId, title, description, categoryId },
        select: { id: true },
      });
      await escrow(tx, tenantId, request.id, options.memberId, options.bounty, title);
      await refreshCounters(tx, request.id);
      await addEvent(tx, tenantId, request.id, options.memberId, 'created', { bounty: options.bounty });
      const member = await tx.member.findUniqueOrThrow({ where: { id: options.memberId }, select: { bonusPoints: true } });
      return { id: request.id, balance: formatPoints(member.bonusPoints) };
    },
    LEDGER_TRANSACTION_OPTIONS,
  );
}

export interface VoteOptions {
  tenant: { id: string; settings: unknown };
  memberId: string;
  requestId: string;
  amount: number;
}

/** Adds to an open request's bounty: the points move from the member into escrow. */
export async function voteOnRequest(options: VoteOptions): Promise<{ totalBounty: string; balance: string }> {
  const { minBounty } = requestSettings(options.tenant.settings);
  assertPointAmount(options.amount);
  if (options.amount < minBounty) throw new AppError('BAD_REQUEST', `amount: add at least ${minBounty} points`);
  const tenantId = options.tenant.id;
  return withTenant(
    tenantId,
    async (tx) => {
      const request = await lockRequest(tx, options.requestId);
      if (request.status !== 'open') throw new AppError('CONFLICT', `this request is ${describeStatus(request.status)}: it takes no more bounty`);
      // The payout is one booking: the bounty stays within what one booking may move.
      const room = new Prisma.Decimal(MAX_POINTS_PER_BOOKING).minus(request.total_bounty);
      if (room.lessThan(options.amount)) {
        throw new AppError('BAD_REQUEST', `amount: this request's bounty may grow by at most ${formatPoints(Prisma.Decimal.max(room, 0))} more points`);
      }
      await escrow(tx, tenantId, request.id, options.memberId, options.amount, request.title);
      const { total } = await refreshCounters(tx, request.id);
      await addEvent(tx, tenantId, request.id, options.memberId, 'voted', { amount: options.amount });
      const member = await tx.member.findUniqueOrThrow({ where: { id: options.memberId }, select: { bonusPoints: true } });
      return { totalBounty: formatPoints(total), balance: formatPoints(member.bonusPoints) };
    },
    LEDGER_TRANSACTION_OPTIONS,
  );
}

function describeStatus(status: LockedRequest['status']): string {
  return { open: 'open', pending: 'filled and waiting for the requester', filled: 'filled', closed: 'deleted' }[status];
}

function claimHeldByOther(request: LockedRequest, memberId: string, now: Date): boolean {
  return request.claimed_by_id !== null && request.claimed_by_id !== memberId && request.claim_expires_at !== null && request.claim_expires_at > now;
}

/** A member says they are working on it: others cannot fill it until the claim lapses. */
export async function claimRequest(options: { tenant: { id: string; settings: unknown }; memberId: string; requestId: string; now?: Date }) {
  const { claimDays } = requestSettings(options.tenant.settings);
  const now = options.now ?? new Date();
  return withTenant(options.tenant.id, async (tx) => {
    const request = await lockRequest(tx, options.requestId);
    if (request.status !== 'open') throw new AppError('CONFLICT', `this request is ${describeStatus(request.status)}: it cannot be claimed`);
    if (request.requester_id === options.memberId) throw new AppError('BAD_REQUEST', 'you cannot claim your own request');
    if (claimHeldByOther(request, options.memberId, now)) {
      throw new AppError('CONFLICT', `another member claimed this request until ${request.claim_expires_at!.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    }
    const expiresAt = new Date(now.getTime() + claimDays * DAY_MS);
    await tx.torrentRequest.update({ where: { id: request.id }, data: { claimedById: options.memberId, claimExpiresAt: expiresAt } });
    await addEvent(tx, options.tenant.id, request.id, options.memberId, 'claimed', { until: expiresAt.toISOString() });
    return { claimExpiresAt: expiresAt.toISOString() };
  });
}

/** The claimer (or staff) gives the claim up. */
export async function unclaimRequest(options: { tenantId: string; actor: RequestActor; requestId: string }) {
  await withTenant(options.tenantId, async (tx) => {
    const request = await lockRequest(tx, options.requestId);
    if (request.claimed_by_id === null) throw new AppError('CONFLICT', 'nobody has claimed this request');
    if (request.claimed_by_id !== options.actor.id && !isStaff(options.actor)) throw new AppError('FORBIDDEN', 'only the member who claimed it, or staff, can give the claim up');
    await tx.torrentRequest.update({ where: { id: request.id }, data: { claimedById: null, claimExpiresAt: null } });
    await addEvent(tx, options.tenantId, request.id, options.actor.id, 'unclaimed');
  });
}

export interface FillOptions {
  tenant: { id: string; settings: unknown };
  memberId: string;
  requestId: string;
  torrentId: string;
  emitter?: LiveEmitter;
  now?: Date;
}

/** Fills an open request with an approved torrent; the requester has `acceptDays` to answer. */
export async function fillRequest(options: FillOptions): Promise<{ fillAcceptBy: string }> {
  const { acceptDays } = requestSettings(options.tenant.settings);
  const now = options.now ?? new Date();
  const tenantId = options.tenant.id;
  const filled = await withTenant(tenantId, async (tx) => {
    const request = await lockRequest(tx, options.requestId);
    if (request.status !== 'open') {
      throw new AppError('CONFLICT', request.status === 'pending' ? 'someone filled this request a moment ago; it is waiting for the requester' : `this request is ${describeStatus(request.status)}`);
    }
    if (request.requester_id === options.memberId) throw new AppError('BAD_REQUEST', 'you cannot fill your own request');
    if (claimHeldByOther(request, options.memberId, now)) {
      throw new AppError('CONFLICT', `another member claimed this request until ${request.claim_expires_at!.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    }
    const torrent = await tx.torrent.findFirst({ where: { id: options.torrentId, status: 'approved' }, select: { id: true, name: true } });
    if (!torrent) throw new AppError('BAD_REQUEST', 'torrent: choose an approved torrent of this site');
    const acceptBy = new Date(now.getTime() + acceptDays * DAY_MS);
    await tx.torrentRequest.update({
      where: { id: request.id },
      data: { status: 'pending', filledTorrentId: torrent.id, filledById: options.memberId, filledAt: now, fillAcceptBy: acceptBy, claimedById: null, claimExpiresAt: null },
    });
    await addEvent(tx, tenantId, request.id, options.memberId, 'filled', { torrentId: torrent.id, torrentName: torrent.name });
    const voters = await tx.requestBounty.findMany({ where: { requestId: request.id, refundedAt: null }, select: { memberId: true }, distinct: ['memberId'] });
    return { request, torrent, acceptBy, voters: voters.map((row) => row.memberId) };
  });
  const payload = { requestId: filled.request.id, title: filled.request.title, torrentId: filled.torrent.id, torrentName: filled.torrent.name };
  const told = new Set<string>();
  for (const memberId of [filled.request.requester_id, ...filled.voters]) {
    if (memberId === null || memberId === options.memberId || told.has(memberId)) continue;
    told.add(memberId);
    await notifyMember({ tenantId, memberId, kind: 'request.filled', payload: { ...payload, requester: memberId === filled.request.requester_id }, emitter: options.emitter });
  }
  return { fillAcceptBy: filled.acceptBy.toISOString() };
}

/** Pays the whole live bounty to the filler; the request is filled for good. */
async function payFiller(tx: TenantTransaction, tenantId: string, request: LockedRequest, actorId: string | null, now: Date, automatic: boolean) {
  if (request.filled_by_id === null) throw new AppError('CONFLICT', 'the filler is no longer a member: unfill it instead');
  const total = new Prisma.Decimal(request.total_bounty);
  await bookPoints(tx, {
    tenantId,
    memberId: request.filled_by_id,
    amount: total.toNumber(),
    reason: 'request_reward',
    reference: { type: 'request', id: request.id },
    note: request.title,
  });
  await tx.torrentRequest.update({ where: { id: request.id }, data: { status: 'filled', paidAt: now, fillAcceptBy: null } });
  await addEvent(tx, tenantId, request.id, actorId, 'accepted', { reward: formatPoints(total), automatic });
  return { fillerId: request.filled_by_id, reward: formatPoints(total) };
}

async function notifyFiller(tenantId: string, request: LockedRequest, kind: 'request.accepted' | 'request.rejected', extra: Record<string, unknown>, emitter?: LiveEmitter) {
  if (request.filled_by_id === null) return;
  await notifyMember({ tenantId, memberId: request.filled_by_id, kind, payload: { requestId: request.id, title: request.title, ...extra }, emitter });
}

/** The requester accepts the fill: the bounty goes to the filler. */
export async function acceptFill(options: { tenantId: string; actor: RequestActor; requestId: string; emitter?: LiveEmitter; now?: Date }) {
  const now = options.now ?? new Date();
  const result = await withTenant(
    options.tenantId,
    async (tx) => {
      const request = await lockRequest(tx, options.requestId);
      if (request.status !== 'pending') throw new AppError('CONFLICT', `there is no fill waiting for an answer: this request is ${describeStatus(request.status)}`);
      if (request.requester_id !== options.actor.id && !isStaff(options.actor)) throw new AppError('FORBIDDEN', 'only the requester (or staff) can accept the fill');
      await lockInvolved(tx, request.filled_by_id, options.actor.id);
      return { request, paid: await payFiller(tx, options.tenantId, request, options.actor.id, now, false) };
    },
    LEDGER_TRANSACTION_OPTIONS,
  );
  await notifyFiller(options.tenantId, result.request, 'request.accepted', { reward: result.paid.reward }, options.emitter);
  return { reward: result.paid.reward };
}

/** The requester rejects the fill with a reason: the request is open again. */
export async function rejectFill(options: { tenantId: string; actor: RequestActor; requestId: string; reason: string; emitter?: LiveEmitter }) {
  const reason = validReason(options.reason, 'the fill does not match');
  const request = await withTenant(options.tenantId, async (tx) => {
    const request = await lockRequest(tx, options.requestId);
    if (request.status !== 'pending') throw new AppError('CONFLICT', `there is no fill waiting for an answer: this request is ${describeStatus(request.status)}`);
    if (request.requester_id !== options.actor.id && !isStaff(options.actor)) throw new AppError('FORBIDDEN', 'only the requester (or staff) can reject the fill');
    await tx.torrentRequest.update({
      where: { id: request.id },
      data: { status: 'open', filledTorrentId: null, filledById: null, filledAt: null, fillAcceptBy: null },
    });
    await addEvent(tx, options.tenantId, request.id, options.actor.id, 'rejected', { reason, torrentId: request.filled_torrent_id });
    return request;
  });
  await notifyFiller(options.tenantId, request, 'request.rejected', { reason }, options.emitter);
}

/** The job: accepts every fill whose requester did not answer in time. Returns how many. */
export async function acceptOverdueFills(options: { tenantId: string; now: Date; emitter?: LiveEmitter }): Promise<number> {
  const overdue = await withTenant(options.tenantId, (tx) =>
    tx.torrentRequest.findMany({ where: { status: 'pending', fillAcceptBy: { lte: options.now } }, select: { id: true }, take: 500 }),
  );
  let accepted = 0;
  for (const { id } of overdue) {
    const result = await withTenant(
      options.tenantId,
      async (tx) => {
        const request = await lockRequest(tx, id);
        // Answered, unfilled or filled anew since the list was read: nothing to do yet.
        if (request.status !== 'pending' || request.fill_accept_by === null || request.fill_accept_by > options.now) return undefined;
        return { request, paid: await payFiller(tx, options.tenantId, request, null, options.now, true) };
      },
      LEDGER_TRANSACTION_OPTIONS,
    ).catch((error: unknown) => {
      if (error instanceof AppError) return undefined; // e.g. the filler left: staff unfill it
      throw error;
    });
    if (result) {
      accepted += 1;
      await notifyFiller(options.tenantId, result.request, 'request.accepted', { reward: result.paid.reward, automatic: true }, options.emitter);
    }
  }
  return accepted;
}

/**
 * Staff take a fill back: a pending fill is simply dropped; a paid one takes the reward
 * back from the filler first (refused, naming the shortfall, when they spent it).
 */
export async function unfillRequest(options: { tenantId: string; actor: RequestActor; requestId: string; reason: string; emitter?: LiveEmitter }) {
  if (!isStaff(options.actor)) throw new AppError('FORBIDDEN', 'only staff can unfill a request');
  const reason = validReason(options.reason, 'you unfill it');
  const request = await withTenant(
    options.tenantId,
    async (tx) => {
      const request = await lockRequest(tx, options.requestId);
      if (request.status !== 'pending' && request.status !== 'filled') throw new AppError('CONFLICT', `this request is ${describeStatus(request.status)}: there is no fill to take back`);
      const balances = await lockInvolved(tx, request.filled_by_id, options.actor.id);
      if (request.status === 'filled' && request.filled_by_id !== null) {
        const total = new Prisma.Decimal(request.total_bounty);
        const balance = balances.get(request.filled_by_id) ?? new Prisma.Decimal(0);
        if (balance.lessThan(total)) {
          throw new AppError(
            'CONFLICT',
            `the filler has ${formatPoints(balance)} points left of the ${formatPoints(total)} reward: the reward cannot be taken back in full, so the request stays filled`,
          );
        }
        await bookPoints(tx, {
          tenantId: options.tenantId,
          memberId: request.filled_by_id,
          amount: -total.toNumber(),
          reason: 'request_reward_reversed',
          reference: { type: 'request', id: request.id },
          note: reason,
        });
      }
      await tx.torrentRequest.update({
        where: { id: request.id },
        data: { status: 'open', filledTorrentId: null, filledById: null, filledAt: null, fillAcceptBy: null, paidAt: null },
      });
      await addEvent(tx, options.tenantId, request.id, options.actor.id, 'unfilled', { reason, fillerId: request.filled_by_id });
      await recordAudit(tx, { tenantId: options.tenantId, actorMemberId: options.actor.id, action: 'request.unfill', targetType: 'request', targetId: request.id, details: { reason } });
      return request;
    },
    LEDGER_TRANSACTION_OPTIONS,
  );
  await notifyFiller(options.tenantId, request, 'request.rejected', { reason, unfilled: true }, options.emitter);
}

/**
 * Deletes a request and refunds every live bounty to its voter. Staff may delete any
 * open or pending request; the requester only while nobody else put points on it.
 */
export async function deleteRequest(options: { tenantId: string; actor: RequestActor; requestId: string; reason: string }) {
  const reason = validReason(options.reason, 'it is deleted');
  await withTenant(
    options.tenantId,
    async (tx) => {
      const request = await lockRequest(tx, options.requestId);
      if (request.status === 'closed') throw new AppError('NOT_FOUND', 'this request does not exist here; it may have been deleted');
      if (request.status === 'filled') throw new AppError('CONFLICT', 'this request is filled: unfill it first, then delete it');
      const bounties = await tx.requestBounty.findMany({ where: { requestId: request.id, refundedAt: null }, select: { id: true, memberId: true, amount: true } });
      if (!isStaff(options.actor)) {
        if (request.requester_id !== options.actor.id) throw new AppError('FORBIDDEN', 'only the requester or staff can delete a request');
        if (bounties.some((bounty) => bounty.memberId !== options.actor.id)) {
          throw new AppError('FORBIDDEN', 'other members have put points on this request: ask staff to delete it');
        }
        if (request.status !== 'open') throw new AppError('CONFLICT', 'a fill is waiting for your answer: accept or reject it first');
      }
      // Every voter's row and the actor's locked in id order, then one refund row per bounty.
      await lockInvolved(tx, ...bounties.map((bounty) => bounty.memberId), options.actor.id);
      for (const bounty of bounties) {
        await bookPoints(tx, {
          tenantId: options.tenantId,
          memberId: bounty.memberId,
          amount: new Prisma.Decimal(bounty.amount).toNumber(),
          reason: 'request_refund',
          reference: { type: 'request', id: request.id },
          note: request.title,
        });
      }
      await tx.requestBounty.updateMany({ where: { id: { in: bounties.map((bounty) => bounty.id) } }, data: { refundedAt: new Date() } });
      await tx.torrentRequest.update({
        where: { id: request.id },
        data: { status: 'closed', closedReason: reason, claimedById: null, claimExpiresAt: null, fillAcceptBy: null },
      });
      await refreshCounters(tx, request.id);
      await addEvent(tx, options.tenantId, request.id, options.actor.id, 'deleted', { reason, refunded: bounties.length });
      if (isStaff(options.actor) && request.requester_id !== options.actor.id) {
        await recordAudit(tx, { tenantId: options.tenantId, actorMemberId: options.actor.id, action: 'request.delete', targetType: 'request', targetId: request.id, details: { reason } });
      }
    },
    LEDGER_TRANSACTION_OPTIONS,
  );
}

/** Title, description and category: the requester while it is open, staff always (audited). */
export async function editRequest(options: {
  tenantId: string;
  actor: RequestActor;
  requestId: string;
  title: string;
  description?: string;
  categoryId?: string | null;
}) {
  const title = validTitle(options.title);
  const description = validDescription(options.description);
  await withTenant(options.tenantId, async (tx) => {
    const request = await lockRequest(tx, options.requestId);
    if (request.status === 'closed') throw new AppError('NOT_FOUND', 'this request does not exist here; it may have been deleted');
    const staff = isStaff(options.actor);
    if (!staff && (request.requester_id !== options.actor.id || request.status !== 'open')) {
      throw new AppError('FORBIDDEN', 'only the requester (while it is open) or staff can edit a request');
    }
    const categoryId = await requireOwnCategory(tx, options.categoryId);
    await tx.torrentRequest.update({ where: { id: request.id }, data: { title, description, categoryId } });
    await addEvent(tx, options.tenantId, request.id, options.actor.id, 'edited');
    if (staff && request.requester_id !== options.actor.id) {
      await recordAudit(tx, { tenantId: options.tenantId, actorMemberId: options.actor.id, action: 'request.edit', targetType: 'request', targetId: request.id });
    }
  });
}

/** A comment on a request; the requester is told (unless they wrote it). */
export async function commentOnRequest(options: { tenantId: string; memberId: string; requestId: string; body: string; emitter?: LiveEmitter }) {
  const body = options.body.trim();
  if (body === '') throw new AppError('BAD_REQUEST', 'body: write something first');
  if (body.length > 5000) throw new AppError('BAD_REQUEST', 'body: must be at most 5000 characters');
  const result = await withTenant(options.tenantId, async (tx) => {
    const request = await tx.torrentRequest.findFirst({ where: { id: options.requestId, status: { not: 'closed' } }, select: { id: true, title: true, requesterId: true } });
    if (!request) throw new AppError('NOT_FOUND', 'this request does not exist here; it may have been deleted');
    const comment = await tx.requestComment.create({ data: { tenantId: options.tenantId, requestId: request.id, authorId: options.memberId, body }, select: { id: true } });
    const author = await tx.member.findUniqueOrThrow({ where: { id: options.memberId }, select: { username: true } });
    return { request, comment, author };
  });
  if (result.request.requesterId && result.request.requesterId !== options.memberId) {
    await notifyMember({
      tenantId: options.tenantId,
      memberId: result.request.requesterId,
      kind: 'request.comment',
      payload: { requestId: result.request.id, title: result.request.title, author: result.author.username },
      emitter: options.emitter,
    });
  }
  return { id: result.comment.id };
}
