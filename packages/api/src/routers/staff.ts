// Staff tools of a tenant: moderation queue, torrent edits and deletion, members'
// status and group, the audit log. Each action is audited and tells the tracker.
import {
  approveTorrent,
  changeMemberGroup,
  deleteTorrent,
  editTorrent,
  listAuditLog,
  listGroups,
  listMembersForStaff,
  listModerationQueue,
  notifyTorrentApproved,
  notifyTorrentRejected,
  postSystemMessage,
  rejectTorrent,
  setMemberDisabled,
} from '@swarmhost/domain';
import { forTenant } from '@swarmhost/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import type { ApiServices } from '../context';
import { publishLive } from '../live';
import { staffProcedure } from '../trpc';

const id = z.uuid({ message: 'must be an id from this site' });
const reason = z.string().max(500);

type StaffCtx = { services: { publisher: Parameters<typeof approveTorrent>[0]['publisher'] }; tenant: { id: string }; me: { id: string } };
const staffContext = (ctx: StaffCtx) => ({ publisher: ctx.services.publisher, tenantId: ctx.tenant.id, staffId: ctx.me.id });

/** After a moderation decision: tell the uploader and post it in the general chat room. */
async function publishDecision(services: ApiServices, tenantId: string, torrentId: string, decision: { approved: true } | { approved: false; reason: string }) {
  await publishLive(services, decision.approved ? 'torrent approved' : 'torrent rejected', (emitter) =>
    decision.approved
      ? notifyTorrentApproved({ tenantId, torrentId, emitter })
      : notifyTorrentRejected({ tenantId, torrentId, reason: decision.reason, emitter }),
  );
  if (!decision.approved) return;
  await publishLive(services, 'approval chat message', async (emitter) => {
    const torrent = await forTenant(tenantId).torrent.findUnique({ where: { id: torrentId }, select: { name: true } });
    if (torrent) await postSystemMessage({ tenantId, body: `torrent "${torrent.name}" approved`, emitter });
  });
}

export const staffRouter = {
  queue: staffProcedure.query(async ({ ctx }) =>
    (await listModerationQueue(ctx.tenant.id)).map((row) => ({ ...row, size: Number(row.size), createdAt: row.createdAt.toISOString() })),
  ),
  approve: staffProcedure.input(z.object({ torrentId: id })).mutation(async ({ ctx, input }) => {
    await approveTorrent(staffContext(ctx), input.torrentId);
    await publishDecision(ctx.services, ctx.tenant.id, input.torrentId, { approved: true });
  }),
  reject: staffProcedure.input(z.object({ torrentId: id, reason })).mutation(async ({ ctx, input }) => {
    await rejectTorrent(staffContext(ctx), input.torrentId, input.reason);
    await publishDecision(ctx.services, ctx.tenant.id, input.torrentId, { approved: false, reason: input.reason.trim() });
  }),
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
        reason: reason.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { torrentId, ...changes } = input;
      return editTorrent(staffContext(ctx), torrentId, changes);
    }),
  members: staffProcedure.query(async ({ ctx }) =>
    (await listMembersForStaff(ctx.tenant.id)).map((member) => ({ ...member, createdAt: member.createdAt.toISOString() })),
  ),
  groups: staffProcedure.query(({ ctx }) => listGroups(ctx.tenant.id)),
  setMemberDisabled: staffProcedure
    .input(z.object({ memberId: id, disabled: z.boolean(), reason: reason.optional() }))
    .mutation(({ ctx, input }) => setMemberDisabled(staffContext(ctx), input.memberId, input.disabled, input.reason)),
  changeMemberGroup: staffProcedure
    .input(z.object({ memberId: id, groupId: id }))
    .mutation(({ ctx, input }) => changeMemberGroup(staffContext(ctx), input.memberId, input.groupId)),
  auditLog: staffProcedure.query(({ ctx }) => listAuditLog(ctx.tenant.id)),
} satisfies TRPCRouterRecord;
