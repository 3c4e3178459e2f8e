// "Start a community" on the bare base host: an owner account (then its e-mail link and
// a second factor), the live slug check, and the community itself; plus, on the new
// tenant's host, the one-time login link that signs the owner in there as its admin.
import { systemClient } from '@swarmhost/db/system';
import {
  AppError,
  checkSlugAvailability,
  finishOwnerPasskeySignUp,
  issueOwnerLoginLink,
  redeemOwnerLoginLink,
  sendOwnerVerificationMail,
  signUpOwner,
  startCommunity,
  startOwnerPasskeySignUp,
  verifyOwnerEmail,
} from '@swarmhost/domain';
import { publishInvalidation } from '@swarmhost/events';
import type { TRPCRouterRecord } from '@trpc/server';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { relyingPartyFor } from '../context';
import { signInMember, signInOperator } from '../session-cookies';
import { consoleProcedure, operatorProcedure, operatorSessionProcedure, tenantProcedure } from '../trpc';

const ACCOUNTS_PER_IP_PER_HOUR = 10;
const RESEND_SECONDS = 60;

/** A few accounts an hour per address: enough for a household, not for a script. */
async function reserveSignUp(redis: Redis, ip: string): Promise<void> {
  const key = `swarmhost:owner-sign-ups:${ip}`;
  const [[, count]] = (await redis.multi().incr(key).expire(key, 3600, 'NX').exec()) as [[null, number], unknown];
  if (count > ACCOUNTS_PER_IP_PER_HOUR) {
    throw new AppError('TOO_MANY_REQUESTS', 'too many new accounts from your address in the last hour; try again later or log in with the account you made');
  }
}

export const signupRouter = {
  createAccount: consoleProcedure
    .input(
      z.object({
        username: z.string().min(3, 'use at least 3 characters').max(32),
        email: z.string().min(3, 'enter your e-mail address').max(254),
        password: z.string().min(1, 'choose a password').max(256),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await reserveSignUp(ctx.services.redis, ctx.request.ip);
      const { operatorId } = await signUpOwner({ db: systemClient(), redis: ctx.services.redis, mail: ctx.services.mail, consoleUrl: ctx.siteUrl, ...input });
      await signInOperator(ctx, operatorId);
      return { next: 'verify-email' as const };
    }),

  /** The other way in: a passkey instead of password + TOTP. Start asks the browser for a new passkey for this name and address. */
  createAccountPasskeyStart: consoleProcedure
    .input(z.object({ username: z.string().min(3, 'use at least 3 characters').max(32), email: z.string().min(3, 'enter your e-mail address').max(254) }))
    .mutation(({ ctx, input }) => startOwnerPasskeySignUp({ db: systemClient(), redis: ctx.services.redis, relyingParty: relyingPartyFor(ctx, 'Swarmhost console'), ...input })),

  /** Finish verifies the passkey, creates the account with it (counted like any sign-up) and signs it in. */
  createAccountPasskeyFinish: consoleProcedure
    .input(z.object({ ceremonyId: z.string().min(10).max(100), response: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) => {
      await reserveSignUp(ctx.services.redis, ctx.request.ip);
      const { operatorId } = await finishOwnerPasskeySignUp({
        db: systemClient(),
        redis: ctx.services.redis,
        mail: ctx.services.mail,
        consoleUrl: ctx.siteUrl,
        relyingParty: relyingPartyFor(ctx, 'Swarmhost console'),
        ceremonyId: input.ceremonyId,
        response: input.response as unknown as Parameters<typeof finishOwnerPasskeySignUp>[0]['response'],
      });
      await signInOperator(ctx, operatorId);
      return { next: 'verify-email' as const };
    }),

  resendVerification: operatorSessionProcedure.mutation(async ({ ctx }) => {
    if (ctx.me.emailVerified) throw new AppError('CONFLICT', `${ctx.me.email} is already confirmed`);
    const fresh = await ctx.services.redis.set(`swarmhost:owner-verify-resend:${ctx.me.id}`, '1', 'EX', RESEND_SECONDS, 'NX');
    if (fresh !== 'OK') throw new AppError('TOO_MANY_REQUESTS', `a link went out less than a minute ago; check ${ctx.me.email} (and its spam folder) first`);
    await sendOwnerVerificationMail({ redis: ctx.services.redis, mail: ctx.services.mail, consoleUrl: ctx.siteUrl, operatorId: ctx.me.id, email: ctx.me.email });
  }),

  verifyEmail: consoleProcedure
    .input(z.object({ token: z.string().min(10, 'this link is incomplete; open the link from the e-mail again').max(200) }))
    .mutation(({ ctx, input }) => verifyOwnerEmail({ db: systemClient(), redis: ctx.services.redis, token: input.token, operatorId: ctx.operator?.id })),

  slugAvailable: consoleProcedure
    .input(z.object({ slug: z.string().max(100) }))
    .query(({ input }) => checkSlugAvailability({ db: systemClient(), slug: input.slug })),

  startCommunity: operatorProcedure
    .input(
      z.object({
        name: z.string().min(2, 'use at least 2 characters').max(80),
        slug: z.string().min(1, 'choose an address').max(40, 'use at most 40 characters'),
        planId: z.uuid('choose one of the plans listed').optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const community = await startCommunity({ db: systemClient(), operatorId: ctx.me.id, ...input });
      await publishInvalidation(ctx.services.publisher, { kind: 'tenant', tenantId: community.id });
      const tenantUrl = `${ctx.services.protocol}://${community.slug}.${ctx.services.baseDomain}`;
      const loginUrl = await issueOwnerLoginLink({ redis: ctx.services.redis, tenantId: community.id, memberId: community.adminMemberId, tenantUrl });
      return { slug: community.slug, name: community.name, url: tenantUrl, loginUrl };
    }),

  /** On the new tenant's host: spends the one-time link and sets this host's own session cookie. */
  redeemLoginLink: tenantProcedure.input(z.object({ token: z.string().min(10).max(200) })).mutation(async ({ ctx, input }) => {
    const { memberId } = await redeemOwnerLoginLink({ redis: ctx.services.redis, tenantId: ctx.tenant.id, token: input.token });
    await signInMember(ctx, ctx.tenant.id, memberId);
  }),
} satisfies TRPCRouterRecord;
