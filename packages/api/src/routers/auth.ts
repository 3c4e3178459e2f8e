// Member sign-in and account recovery on a tenant site: password (+ TOTP), passkey
// alone, registration, e-mail verification, password reset, sign-out.
import {
  completeSecondFactor,
  endAllMemberSessions,
  endMemberSession,
  finishPasskeyLogin,
  loginMemberWithPassword,
  registerMember,
  requestPasswordReset,
  resetPassword,
  sendVerificationMail,
  startPasskeyLogin,
  verifyEmail,
} from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { MEMBER_COOKIE, relyingPartyFor } from '../context';
import { signInMember } from '../session-cookies';
import { memberProcedure, tenantProcedure } from '../trpc';

const credential = z.record(z.string(), z.unknown());

export const authRouter = {
  login: tenantProcedure
    .input(z.object({ identifier: z.string().min(1, 'enter your username or e-mail').max(254), password: z.string().min(1, 'enter your password').max(256) }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await loginMemberWithPassword({
        redis: ctx.services.redis,
        limits: ctx.services.loginLimits,
        tenantId: ctx.tenant.id,
        identifier: input.identifier,
        password: input.password,
        ip: ctx.request.ip,
      });
      if (outcome.kind === 'second-factor') return { next: 'totp' as const, pendingToken: outcome.pendingToken };
      await signInMember(ctx, ctx.tenant.id, outcome.subjectId);
      return { next: 'done' as const };
    }),

  secondFactor: tenantProcedure
    .input(z.object({ pendingToken: z.string().min(10).max(100), code: z.string().min(6, 'enter the 6-digit code').max(20) }))
    .mutation(async ({ ctx, input }) => {
      const pending = await completeSecondFactor({
        redis: ctx.services.redis,
        limits: ctx.services.loginLimits,
        ip: ctx.request.ip,
        site: { scope: 'member', tenantId: ctx.tenant.id },
        ...input,
      });
      await signInMember(ctx, ctx.tenant.id, pending.subjectId);
      return { next: 'done' as const };
    }),

  passkeyStart: tenantProcedure.mutation(({ ctx }) =>
    startPasskeyLogin({ redis: ctx.services.redis, tenantId: ctx.tenant.id, relyingParty: relyingPartyFor(ctx, ctx.tenant.name) }),
  ),

  passkeyFinish: tenantProcedure
    .input(z.object({ ceremonyId: z.string().min(10).max(100), response: credential }))
    .mutation(async ({ ctx, input }) => {
      const { memberId } = await finishPasskeyLogin({
        redis: ctx.services.redis,
        tenantId: ctx.tenant.id,
        ceremonyId: input.ceremonyId,
        // The browser library's JSON; the verifier checks every field it relies on.
        response: input.response as unknown as Parameters<typeof finishPasskeyLogin>[0]['response'],
        relyingParty: relyingPartyFor(ctx, ctx.tenant.name),
        limits: ctx.services.loginLimits,
        ip: ctx.request.ip,
      });
      await signInMember(ctx, ctx.tenant.id, memberId);
      return { next: 'done' as const };
    }),

  register: tenantProcedure
    .input(
      z.object({
        username: z.string().min(3, 'use at least 3 characters').max(32),
        email: z.string().min(3).max(254),
        password: z.string().min(8, 'use at least 8 characters').max(256),
        inviteCode: z.string().max(100).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { memberId } = await registerMember({
        redis: ctx.services.redis,
        mail: ctx.services.mail,
        tenant: ctx.tenant,
        siteUrl: ctx.siteUrl,
        ...input,
      });
      await signInMember(ctx, ctx.tenant.id, memberId);
      return { next: 'done' as const };
    }),

  verifyEmail: tenantProcedure
    .input(z.object({ token: z.string().min(10).max(100) }))
    .mutation(({ ctx, input }) => verifyEmail({ redis: ctx.services.redis, tenantId: ctx.tenant.id, token: input.token })),

  resendVerification: memberProcedure.mutation(({ ctx }) =>
    sendVerificationMail({ redis: ctx.services.redis, mail: ctx.services.mail, tenantId: ctx.tenant.id, memberId: ctx.me.id, email: ctx.me.email, siteUrl: ctx.siteUrl }),
  ),

  requestPasswordReset: tenantProcedure
    .input(z.object({ email: z.string().min(3).max(254) }))
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset({ redis: ctx.services.redis, mail: ctx.services.mail, tenantId: ctx.tenant.id, email: input.email, siteUrl: ctx.siteUrl });
      return { sent: true };
    }),

  resetPassword: tenantProcedure
    .input(z.object({ token: z.string().min(10).max(100), newPassword: z.string().min(8, 'use at least 8 characters').max(256) }))
    .mutation(({ ctx, input }) =>
      resetPassword({
        redis: ctx.services.redis,
        tenantId: ctx.tenant.id,
        ...input,
        notify: { mail: ctx.services.mail, siteName: ctx.tenant.name, siteUrl: ctx.siteUrl },
      }),
    ),

  logout: memberProcedure.mutation(async ({ ctx }) => {
    await endMemberSession(ctx.tenant.id, ctx.session.sessionId);
    ctx.cookies.clear(MEMBER_COOKIE);
  }),

  logoutEverywhere: memberProcedure.mutation(async ({ ctx }) => {
    const ended = await endAllMemberSessions(ctx.tenant.id, ctx.me.id);
    ctx.cookies.clear(MEMBER_COOKIE);
    return { ended };
  }),
} satisfies TRPCRouterRecord;
