// Bonus points for the signed-in member (issue 11): balance, history, the store, gifts and
// tips. The use cases lock and book; this validates input shape and passes who is asking.
import {
  adjustMemberPoints,
  buyStoreItem,
  getBonusSummary,
  getTorrentTipTotal,
  giftPoints,
  listBonusTransactions,
  listStoreItems,
  MAX_POINTS_PER_BOOKING,
  NOTE_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  tipUploader,
} from '@swarmhost/domain';
import { previewEarning } from '@swarmhost/domain/bonus/earning-preview';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { memberProcedure, staffProcedure } from '../trpc';

const points = z
  .number({ message: 'must be a number of points' })
  .int('must be a whole number of points')
  .min(1, 'must be at least 1 point')
  .max(MAX_POINTS_PER_BOOKING, `must be at most ${MAX_POINTS_PER_BOOKING} points`);
const note = z.string().max(NOTE_MAX_LENGTH * 2).optional();

export const bonusRouter = {
  /** Balance, tokens, personal freeleech, invites and title: the page header and the nav link. */
  summary: memberProcedure.query(({ ctx }) => getBonusSummary({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  /** The member's own ledger, newest first. */
  transactions: memberProcedure
    .input(z.object({ page: z.number().int().min(1).max(100_000).default(1) }).optional())
    .query(({ ctx, input }) => listBonusTransactions({ tenantId: ctx.tenant.id, memberId: ctx.me.id, page: input?.page ?? 1 })),

  /** This hour's earning rate: what the member's seeding earns now, per rule, with the cap (the staff preview's computation, for oneself). */
  earningRate: memberProcedure.query(({ ctx }) => previewEarning({ tenantId: ctx.tenant.id, memberId: ctx.me.id, now: new Date() })),

  store: memberProcedure.query(({ ctx }) => listStoreItems(ctx.tenant)),

  buy: memberProcedure
    .input(z.object({ itemId: z.string().min(1).max(40), title: z.string().max(TITLE_MAX_LENGTH * 4).optional() }))
    .mutation(({ ctx, input }) =>
      buyStoreItem({ tenant: ctx.tenant, memberId: ctx.me.id, itemId: input.itemId, title: input.title, publisher: ctx.services.publisher, emitter: ctx.services.liveEmitter }),
    ),

  gift: memberProcedure
    .input(z.object({ toUsername: z.string().min(1, 'say who gets the gift').max(64), amount: points, note }))
    .mutation(({ ctx, input }) =>
      giftPoints({ tenantId: ctx.tenant.id, fromMemberId: ctx.me.id, ...input, emitter: ctx.services.liveEmitter }),
    ),

  tip: memberProcedure
    .input(z.object({ torrentId: z.uuid({ message: 'must be a torrent id from this site' }), amount: points, note }))
    .mutation(({ ctx, input }) =>
      tipUploader({ tenantId: ctx.tenant.id, fromMemberId: ctx.me.id, ...input, emitter: ctx.services.liveEmitter }),
    ),

  /** Points the torrent's uploader received in tips for it. */
  tipTotal: memberProcedure
    .input(z.object({ torrentId: z.uuid({ message: 'must be a torrent id from this site' }) }))
    .query(({ ctx, input }) => getTorrentTipTotal({ tenantId: ctx.tenant.id, torrentId: input.torrentId })),

  /** Staff: credit (positive) or debit (negative) a member's points with a reason; audited. */
  adjust: staffProcedure
    .input(
      z.object({
        memberId: z.uuid({ message: 'must be a member id from this site' }),
        amount: z.number({ message: 'must be a number of points' }).int('must be a whole number of points'),
        reason: z.string().max(400),
      }),
    )
    .mutation(({ ctx, input }) => adjustMemberPoints({ tenantId: ctx.tenant.id, staffId: ctx.me.id, ...input, emitter: ctx.services.liveEmitter })),
} satisfies TRPCRouterRecord;
