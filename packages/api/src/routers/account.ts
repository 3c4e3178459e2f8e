// The signed-in member's own settings: password, TOTP, passkeys, announce passkey and
// RSS key, privacy, invites, profile.
import {
  changePassword,
  confirmTotpEnrolment,
  createInvite,
  deletePasskey,
  disableTotp,
  finishPasskeyRegistration,
  getOwnKeys,
  getProfile,
  listInvites,
  listNotifications,
  listPasskeys,
  markNotificationsRead,
  renamePasskey,
  rotateOwnPasskey,
  rotateOwnRssKey,
  startPasskeyRegistration,
  startTotpEnrolment,
  updatePrivacy,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { MEMBER_COOKIE, relyingPartyFor } from '../context';
import { memberProcedure, tenantProcedure } from '../trpc';

const id = z.uuid({ message: 'must be an id from this site' });

export const accountRouter = {
  me: tenantProcedure.query(({ ctx }) => (ctx.member ? ctx.member.member : null)),

  profile: memberProcedure
    .input(z.object({ username: z.string().min(1).max(32) }))
    .query(({ ctx, input }) => getProfile({ tenantId: ctx.tenant.id, username: input.username, viewer: ctx.me })),

  keys: memberProcedure.query(({ ctx }) => getOwnKeys({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  changePassword: memberProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(8, 'use at least 8 characters').max(256) }))
    .mutation(async ({ ctx, input }) => {
      await changePassword({ tenantId: ctx.tenant.id, memberId: ctx.me.id, ...input });
      ctx.cookies.clear(MEMBER_COOKIE);
    }),

  rotatePasskey: memberProcedure.mutation(({ ctx }) =>
    rotateOwnPasskey({ publisher: ctx.services.publisher, tenantSlug: ctx.tenant.slug, username: ctx.me.username, memberId: ctx.me.id }),
  ),

  rotateRssKey: memberProcedure.mutation(({ ctx }) => rotateOwnRssKey({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  updatePrivacy: memberProcedure
    .input(z.object({ hideStats: z.boolean().optional(), hideHistory: z.boolean().optional(), hideUploads: z.boolean().optional() }))
    .mutation(({ ctx, input }) => updatePrivacy({ tenantId: ctx.tenant.id, memberId: ctx.me.id, privacy: input })),

  totpStart: memberProcedure.mutation(({ ctx }) =>
    startTotpEnrolment({
      redis: ctx.services.redis,
      subject: { scope: 'member', tenantId: ctx.tenant.id, subjectId: ctx.me.id },
      issuer: ctx.tenant.name,
      account: ctx.me.username,
    }),
  ),

  totpConfirm: memberProcedure
    .input(z.object({ code: z.string().min(6, 'enter the 6-digit code').max(10) }))
    .mutation(({ ctx, input }) =>
      confirmTotpEnrolment({ redis: ctx.services.redis, subject: { scope: 'member', tenantId: ctx.tenant.id, subjectId: ctx.me.id }, code: input.code }),
    ),

  totpDisable: memberProcedure
    .input(z.object({ code: z.string().min(6, 'enter a current code or a recovery code').max(20) }))
    .mutation(({ ctx, input }) => disableTotp({ subject: { scope: 'member', tenantId: ctx.tenant.id, subjectId: ctx.me.id }, code: input.code })),

  passkeys: memberProcedure.query(({ ctx }) => listPasskeys({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  passkeyRegisterStart: memberProcedure.mutation(({ ctx }) =>
    startPasskeyRegistration({
      redis: ctx.services.redis,
      tenantId: ctx.tenant.id,
      memberId: ctx.me.id,
      username: ctx.me.username,
      relyingParty: relyingPartyFor(ctx, ctx.tenant.name),
    }),
  ),

  passkeyRegisterFinish: memberProcedure
    .input(z.object({ ceremonyId: z.string().min(10).max(100), name: z.string().max(60), response: z.record(z.string(), z.unknown()) }))
    .mutation(({ ctx, input }) =>
      finishPasskeyRegistration({
        redis: ctx.services.redis,
        tenantId: ctx.tenant.id,
        memberId: ctx.me.id,
        ceremonyId: input.ceremonyId,
        name: input.name,
        // The browser library's JSON; the verifier checks every field it relies on.
        response: input.response as unknown as Parameters<typeof finishPasskeyRegistration>[0]['response'],
        relyingParty: relyingPartyFor(ctx, ctx.tenant.name),
      }),
    ),

  renamePasskey: memberProcedure
    .input(z.object({ passkeyId: id, name: z.string().max(60) }))
    .mutation(({ ctx, input }) => renamePasskey({ tenantId: ctx.tenant.id, memberId: ctx.me.id, ...input })),

  deletePasskey: memberProcedure
    .input(z.object({ passkeyId: id }))
    .mutation(({ ctx, input }) => deletePasskey({ tenantId: ctx.tenant.id, memberId: ctx.me.id, passkeyId: input.passkeyId })),

  invites: memberProcedure.query(({ ctx }) => listInvites({ tenantId: ctx.tenant.id, inviterId: ctx.me.id })),

  createInvite: memberProcedure
    .input(z.object({ email: z.string().max(254).optional() }))
    .mutation(({ ctx, input }) => createInvite({ tenantId: ctx.tenant.id, inviterId: ctx.me.id, email: input.email })),

  /** Stored notifications, newest first (the unread badge's list after a reload). */
  notifications: memberProcedure
    .input(z.object({ before: id.optional() }).optional())
    .query(({ ctx, input }) => listNotifications({ tenantId: ctx.tenant.id, memberId: ctx.me.id, before: input?.before })),

  /** Marks the given notifications (all when no ids) read; open tabs' badges follow live. */
  markNotificationsRead: memberProcedure
    .input(z.object({ ids: z.array(id).max(500).optional() }))
    .mutation(async ({ ctx, input }) => ({
      unread: await markNotificationsRead({ tenantId: ctx.tenant.id, memberId: ctx.me.id, ids: input.ids, emitter: ctx.services.liveEmitter }),
    })),
} satisfies TRPCRouterRecord;
