// Staff tools of a tenant: moderation queue, torrent edits and deletion, members'
// status and group (only on members below the actor's role), the audit log, possible
// ratio cheating flagged by the tracker, a member's seeding earning preview, the
// categories' Newznab mapping for Torznab. Each action
// is audited and tells the tracker; an approval or rejection reaches the uploader (and the
// chat) through the worker's outbox.
import {
  approveTorrent,
  changeMemberGroup,
  deleteTorrent,
  editTorrent,
  listAuditLog,
  listGroups,
  listMembersForStaff,
  listModerationQueue,
  listRatioFlags,
  mayManageMember,
  rejectTorrent,
  setMemberDisabled,
} from '@swarmhost/domain';
import { previewEarning } from '@swarmhost/domain/bonus/earning-preview';
import { listCategoryNewznab, NEWZNAB_STANDARD, setCategoryNewznab } from '@swarmhost/domain/feeds/torznab-categories';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { staffProcedure } from '../trpc';

const id = z.uuid({ message: 'must be an id from this site' });
const reason = z.string().max(500);

type StaffCtx = { services: { publisher: Parameters<typeof approveTorrent>[0]['publisher'] }; tenant: { id: string }; me: { id: string } };
const staffContext = (ctx: StaffCtx) => ({ publisher: ctx.services.publisher, tenantId: ctx.tenant.id, staffId: ctx.me.id });

export const staffRouter = {
  queue: staffProcedure.query(async ({ ctx }) =>
    (await listModerationQueue(ctx.tenant.id)).map((row) => ({ ...row, size: Number(row.size), createdAt: row.createdAt.toISOString() })),
  ),
  approve: staffProcedure.input(z.object({ torrentId: id })).mutation(({ ctx, input }) => approveTorrent(staffContext(ctx), input.torrentId)),
  reject: staffProcedure
    .input(z.object({ torrentId: id, reason }))
    .mutation(({ ctx, input }) => rejectTorrent(staffContext(ctx), input.torrentId, input.reason)),
  deleteTorrent: staffProcedure
    .input(z.object({ torrentId: id, reason }))
    .mutation(({ ctx, input }) => deleteTorrent(staffContext(ctx), input.torrentId, input.reason)),
  editTorrent: staffProcedure
    .input(
      z.object({
        torrentId: id,
        name: z.string().max(250).optional(),
        description: z.string().max(20_000).optional(),
        categoryId: id.nullable().optional(),
        freeleechPercent: z.number().int().optional(),
        doubleUpload: z.boolean().optional(),
        imdbId: z.string().max(100).nullable().optional(),
        tmdbId: z.string().max(20).nullable().optional(),
        reason: reason.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { torrentId, ...changes } = input;
      return editTorrent(staffContext(ctx), torrentId, changes);
    }),
  /** canManage: whether this staff member may disable or regroup the row (staff act on members, admins also on staff). */
  members: staffProcedure.query(async ({ ctx }) =>
    (await listMembersForStaff(ctx.tenant.id)).map((member) => ({
      ...member,
      createdAt: member.createdAt.toISOString(),
      canManage: member.id !== ctx.me.id && mayManageMember(ctx.me.role, member.role),
    })),
  ),
  groups: staffProcedure.query(({ ctx }) => listGroups(ctx.tenant.id)),
  setMemberDisabled: staffProcedure
    .input(z.object({ memberId: id, disabled: z.boolean(), reason: reason.optional() }))
    .mutation(({ ctx, input }) => setMemberDisabled(staffContext(ctx), input.memberId, input.disabled, input.reason)),
  changeMemberGroup: staffProcedure
    .input(z.object({ memberId: id, groupId: id }))
    .mutation(({ ctx, input }) => changeMemberGroup(staffContext(ctx), input.memberId, input.groupId)),
  auditLog: staffProcedure.query(({ ctx }) => listAuditLog(ctx.tenant.id)),
  /** Possible ratio cheating: reports the tracker did not believe in full, newest first. */
  ratioFlags: staffProcedure.query(({ ctx }) => listRatioFlags(ctx.tenant.id)),
  /** "With these rules, member X would earn N points/hour": the saved rules, or `rules` being edited (validated like settings). */
  earningPreview: staffProcedure
    .input(z.object({ memberId: id, rules: z.unknown().optional(), maxRewardedTorrents: z.number().int().min(1).max(100_000).optional() }))
    .query(({ ctx, input }) => previewEarning({ tenantId: ctx.tenant.id, memberId: input.memberId, now: new Date(), rules: input.rules, maxRewardedTorrents: input.maxRewardedTorrents })),
  /** Each category's standard Newznab category for Torznab (staff-set, or guessed from the name), and the choices. */
  categoriesNewznab: staffProcedure.query(async ({ ctx }) => ({
    categories: (await listCategoryNewznab(ctx.tenant.id)).map((category) => ({
      id: category.categoryId,
      name: category.name,
      slug: category.slug,
      newznabId: category.newznabId,
      newznabName: category.newznabName,
      guessed: category.guessed,
      torznabId: category.id,
    })),
    choices: NEWZNAB_STANDARD,
  })),
  /** newznabId null: back to the guess from the name. Audited. */
  setCategoryNewznab: staffProcedure
    .input(z.object({ categoryId: id, newznabId: z.number().int().nullable() }))
    .mutation(({ ctx, input }) => setCategoryNewznab({ tenantId: ctx.tenant.id, staffId: ctx.me.id, categoryId: input.categoryId, newznabId: input.newznabId })),
} satisfies TRPCRouterRecord;
