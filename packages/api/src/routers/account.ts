// The signed-in member's own settings: password, e-mail, TOTP, passkeys, announce passkey and
// RSS key, privacy, invites, profile. Changing how the member signs in needs a recent
// proof of a factor on this session (domain auth/step-up.ts) and mails the member.
import {
  changeEmail,
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
  reauthenticate,
  reauthenticateWithPasskey,
  regenerateRecoveryCodes,
  renamePasskey,
  requireRecentReauth,
  rotateOwnPasskey,
  rotateOwnRssKey,
  sendSecurityNotice,
  startPasskeyLogin,
  startPasskeyRegistration,
  startTotpEnrolment,
  stepUpAttempts,
  updatePrivacy,
  type ResolvedSession,
  type SecurityChange,
  type SiteTenant,
  type StepUpSession,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { forgetMemberSessions, MEMBER_COOKIE, relyingPartyFor, type ApiContext } from '../context';
import { memberProcedure, tenantProcedure } from '../trpc';

const id = z.uuid({ message: 'must be an id from this site' });
const credential = z.record(z.string(), z.unknown());

type MemberCtx = ApiContext & { tenant: SiteTenant; session: ResolvedSession; me: ResolvedSession['member'] };

const stepUpSession = (ctx: MemberCtx): StepUpSession => ({
  tenantId: ctx.tenant.id,
  memberId: ctx.me.id,
  sessionId: ctx.session.sessionId,
  signedInAt: ctx.session.signedInAt,
});

const attemptsOf = (ctx: MemberCtx) =>
  stepUpAttempts({ redis: ctx.services.redis, limits: ctx.services.loginLimits, tenantId: ctx.tenant.id, memberId: ctx.me.id });

/** Tells the member by mail that how they sign in changed (to the address on file before any change). */
const notify = (ctx: MemberCtx, change: SecurityChange) =>
  sendSecurityNotice({ mail: ctx.services.mail, to: ctx.me.email, siteName: ctx.tenant.name, siteUrl: ctx.siteUrl, change, tenantId: ctx.tenant.id });

/** Security settings: refused (FORBIDDEN, details.reason 'reauthenticate') without a recent proof of a factor. */
const steppedUpProcedure = memberProcedure.use(async ({ ctx, next }) => {
  await requireRecentReauth(ctx.services.redis, stepUpSession(ctx));
  return next();
});

export const accountRouter = {
  me: tenantProcedure.query(({ ctx }) => (ctx.member ? ctx.member.member : null)),

  profile: memberProcedure
    .input(z.object({ username: z.string().min(1).max(32) }))
    .query(({ ctx, input }) => getProfile({ tenantId: ctx.tenant.id, username: input.username, viewer: ctx.me })),

  keys: memberProcedure.query(({ ctx }) => getOwnKeys({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  /** Proves the password or a TOTP/recovery code again; security settings then work for REAUTH_WINDOW_SECONDS. */
  reauthenticate: memberProcedure
    .input(
      z.union([
        z.object({ password: z.string().min(1, 'enter your password').max(256) }),
        z.object({ code: z.string().min(6, 'enter the 6-digit code or a recovery code').max(20) }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const { validUntil } = await reauthenticate({ redis: ctx.services.redis, limits: ctx.services.loginLimits, session: stepUpSession(ctx), factor: input });
      return { validUntil: validUntil.toISOString() };
    }),

  reauthPasskeyStart: memberProcedure.mutation(({ ctx }) =>
    startPasskeyLogin({ redis: ctx.services.redis, tenantId: ctx.tenant.id, relyingParty: relyingPartyFor(ctx, ctx.tenant.name) }),
  ),

  reauthPasskeyFinish: memberProcedure
    .input(z.object({ ceremonyId: z.string().min(10).max(100), response: credential }))
    .mutation(async ({ ctx, input }) => {
      const { validUntil } = await reauthenticateWithPasskey({
        redis: ctx.services.redis,
        limits: ctx.services.loginLimits,
        session: stepUpSession(ctx),
        ceremonyId: input.ceremonyId,
        // The browser library's JSON; the verifier checks every field it relies on.
        response: input.response as unknown as Parameters<typeof reauthenticateWithPasskey>[0]['response'],
        relyingParty: relyingPartyFor(ctx, ctx.tenant.name),
        ip: ctx.request.ip,
      });
      return { validUntil: validUntil.toISOString() };
    }),

  /** The current password is the proof here (counted like every step-up factor). */
  changePassword: memberProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(8, 'use at least 8 characters').max(256) }))
    .mutation(async ({ ctx, input }) => {
      await changePassword({ tenantId: ctx.tenant.id, memberId: ctx.me.id, attempts: attemptsOf(ctx), ...input });
      ctx.cookies.clear(MEMBER_COOKIE);
      await notify(ctx, { kind: 'password-changed' });
    }),

  /** Moves the account to a new address (to be confirmed again); the old address is told. */
  changeEmail: steppedUpProcedure.input(z.object({ email: z.string().min(3, 'enter an e-mail address').max(254) })).mutation(async ({ ctx, input }) => {
    const changed = await changeEmail({
      redis: ctx.services.redis,
      mail: ctx.services.mail,
      tenantId: ctx.tenant.id,
      memberId: ctx.me.id,
      newEmail: input.email,
      siteName: ctx.tenant.name,
      siteUrl: ctx.siteUrl,
    });
    forgetMemberSessions(ctx.me.id);
    return changed;
  }),

  rotatePasskey: memberProcedure.mutation(({ ctx }) =>
    rotateOwnPasskey({ publisher: ctx.services.publisher, tenantSlug: ctx.tenant.slug, username: ctx.me.username, memberId: ctx.me.id }),
  ),

  rotateRssKey: memberProcedure.mutation(({ ctx }) => rotateOwnRssKey({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  updatePrivacy: memberProcedure
    .input(z.object({ hideStats: z.boolean().optional(), hideHistory: z.boolean().optional(), hideUploads: z.boolean().optional() }))
    .mutation(({ ctx, input }) => updatePrivacy({ tenantId: ctx.tenant.id, memberId: ctx.me.id, privacy: input })),

  totpStart: steppedUpProcedure.mutation(({ ctx }) =>
    startTotpEnrolment({
      redis: ctx.services.redis,
      subject: { scope: 'member', tenantId: ctx.tenant.id, subjectId: ctx.me.id },
      issuer: ctx.tenant.name,
      account: ctx.me.username,
    }),
  ),

  totpConfirm: memberProcedure
    .input(z.object({ code: z.string().min(6, 'enter the 6-digit code').max(10) }))
    .mutation(async ({ ctx, input }) => {
      // The set-up itself was started under a recent proof (totpStart); its secret never left this member's browser.
      const { recoveryCodes, replaced } = await confirmTotpEnrolment({
        redis: ctx.services.redis,
        subject: { scope: 'member', tenantId: ctx.tenant.id, subjectId: ctx.me.id },
        code: input.code,
      });
      await notify(ctx, { kind: replaced ? 'totp-replaced' : 'totp-enabled' });
      return { recoveryCodes };
    }),

  /** New recovery codes (the old ones stop working); shown once. */
  regenerateRecoveryCodes: steppedUpProcedure.mutation(async ({ ctx }) => {
    const result = await regenerateRecoveryCodes({ subject: { scope: 'member', tenantId: ctx.tenant.id, subjectId: ctx.me.id } });
    await notify(ctx, { kind: 'recovery-codes-replaced' });
    return result;
  }),

  /** A current code or a recovery code is the proof here, counted so it cannot be guessed. */
  totpDisable: memberProcedure
    .input(z.object({ code: z.string().min(6, 'enter a current code or a recovery code').max(20) }))
    .mutation(async ({ ctx, input }) => {
      await disableTotp({ subject: { scope: 'member', tenantId: ctx.tenant.id, subjectId: ctx.me.id }, code: input.code, attempts: attemptsOf(ctx) });
      await notify(ctx, { kind: 'totp-disabled' });
    }),

  passkeys: memberProcedure.query(({ ctx }) => listPasskeys({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  passkeyRegisterStart: steppedUpProcedure.mutation(({ ctx }) =>
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
    .mutation(async ({ ctx, input }) => {
      // The ceremony was started under a recent proof (passkeyRegisterStart) and is bound to this member.
      const added = await finishPasskeyRegistration({
        redis: ctx.services.redis,
        tenantId: ctx.tenant.id,
        memberId: ctx.me.id,
        ceremonyId: input.ceremonyId,
        name: input.name,
        // The browser library's JSON; the verifier checks every field it relies on.
        response: input.response as unknown as Parameters<typeof finishPasskeyRegistration>[0]['response'],
        relyingParty: relyingPartyFor(ctx, ctx.tenant.name),
      });
      await notify(ctx, { kind: 'passkey-added', name: added.name });
      return added;
    }),

  renamePasskey: memberProcedure
    .input(z.object({ passkeyId: id, name: z.string().max(60) }))
    .mutation(({ ctx, input }) => renamePasskey({ tenantId: ctx.tenant.id, memberId: ctx.me.id, ...input })),

  deletePasskey: steppedUpProcedure
    .input(z.object({ passkeyId: id }))
    .mutation(async ({ ctx, input }) => {
      const removed = await deletePasskey({ tenantId: ctx.tenant.id, memberId: ctx.me.id, passkeyId: input.passkeyId });
      await notify(ctx, { kind: 'passkey-removed', name: removed.name });
    }),

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
