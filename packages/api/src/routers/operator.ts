// The console on the bare base host: sign-in (password + TOTP) and tenant management —
// create (platform admins), list with counts, suspend/resume, edit, custom domains,
// co-owners. Every procedure on one tenant is a consoleTenantProcedure (trpc.ts), which
// lets platform admins reach every tenant and owners only theirs. Until an account has
// enrolled TOTP, only `me`, TOTP set-up and logging out answer; the rest is FORBIDDEN.
import { parseTenantSettings } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import {
  acceptCoOwnerInvite,
  addTenantHost,
  AppError,
  completeSecondFactor,
  confirmTotpEnrolment,
  createTenant,
  describeCoOwnerInvite,
  endAllOperatorSessions,
  endOperatorSession,
  finishOperatorPasskeyLogin,
  inviteCoOwner,
  listTenantHosts,
  listTenantOwners,
  listTenants,
  loginOperatorWithPassword,
  removeCoOwner,
  removeTenantHost,
  setTenantStatus,
  startOperatorPasskeyLogin,
  startTotpEnrolment,
  transferTenantOwnership,
  updateTenantSettings,
} from '@swarmhost/domain';
import { publishInvalidation } from '@swarmhost/events';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { OPERATOR_COOKIE, relyingPartyFor } from '../context';
import { signInOperator } from '../session-cookies';
import { consoleProcedure, consoleTenantProcedure, operatorProcedure, operatorSessionProcedure, platformAdminProcedure } from '../trpc';

const slug = z.string().min(1, 'enter a slug').max(40);

const settingsInput = z.object({
  registrationMode: z.enum(['open', 'invite', 'application', 'closed']).optional(),
  announceIntervalSeconds: z.number().int().optional(),
  minAnnounceIntervalSeconds: z.number().int().optional(),
  moderationRequired: z.boolean().optional(),
  allowWebSeeds: z.boolean().optional(),
  freeleechEvent: z
    .object({
      active: z.boolean(),
      percent: z.union([z.literal(0), z.literal(25), z.literal(50), z.literal(75), z.literal(100)]),
      doubleUpload: z.boolean(),
      endsAt: z.string().nullable(),
    })
    .optional(),
});

/** Set-up is for an operator without a factor: a session alone must not replace one. */
function refuseSecondEnrolment(totpEnabled: boolean): void {
  if (totpEnabled) throw new AppError('CONFLICT', 'two-factor authentication is already on for your operator account; it cannot be replaced from a session');
}

export const operatorRouter = {
  me: consoleProcedure.query(({ ctx }) => ctx.operator),

  login: consoleProcedure
    .input(z.object({ identifier: z.string().min(1, 'enter your username or e-mail').max(254), password: z.string().min(1, 'enter your password').max(256) }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await loginOperatorWithPassword({ redis: ctx.services.redis, limits: ctx.services.loginLimits, ip: ctx.request.ip, ...input });
      if (outcome.kind === 'second-factor') return { next: 'totp' as const, pendingToken: outcome.pendingToken };
      await signInOperator(ctx, outcome.subjectId);
      return { next: 'done' as const };
    }),

  /** Console passkeys (owners who signed up with one): the passkey alone signs in, as it is already two factors. */
  passkeyLoginStart: consoleProcedure.mutation(({ ctx }) => startOperatorPasskeyLogin({ redis: ctx.services.redis, relyingParty: relyingPartyFor(ctx, 'Swarmhost console') })),

  passkeyLoginFinish: consoleProcedure
    .input(z.object({ ceremonyId: z.string().min(10).max(100), response: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) => {
      const { operatorId } = await finishOperatorPasskeyLogin({
        db: systemClient(),
        redis: ctx.services.redis,
        relyingParty: relyingPartyFor(ctx, 'Swarmhost console'),
        limits: ctx.services.loginLimits,
        ip: ctx.request.ip,
        ceremonyId: input.ceremonyId,
        response: input.response as unknown as Parameters<typeof finishOperatorPasskeyLogin>[0]['response'],
      });
      await signInOperator(ctx, operatorId);
      return { next: 'done' as const };
    }),

  secondFactor: consoleProcedure
    .input(z.object({ pendingToken: z.string().min(10).max(100), code: z.string().min(6, 'enter the 6-digit code').max(20) }))
    .mutation(async ({ ctx, input }) => {
      const pending = await completeSecondFactor({ redis: ctx.services.redis, limits: ctx.services.loginLimits, ip: ctx.request.ip, site: { scope: 'operator' }, ...input });
      await signInOperator(ctx, pending.subjectId);
      return { next: 'done' as const };
    }),

  logout: operatorSessionProcedure.mutation(async ({ ctx }) => {
    const token = ctx.cookies.get(OPERATOR_COOKIE);
    if (token) await endOperatorSession(ctx.services.redis, token);
    ctx.cookies.clear(OPERATOR_COOKIE);
  }),

  logoutEverywhere: operatorSessionProcedure.mutation(async ({ ctx }) => {
    await endAllOperatorSessions(ctx.services.redis, ctx.me.id);
    ctx.cookies.clear(OPERATOR_COOKIE);
  }),

  totpStart: operatorSessionProcedure.mutation(({ ctx }) => {
    refuseSecondEnrolment(ctx.me.totpEnabled);
    return startTotpEnrolment({ redis: ctx.services.redis, subject: { scope: 'operator', subjectId: ctx.me.id }, issuer: 'Swarmhost console', account: ctx.me.username });
  }),

  totpConfirm: operatorSessionProcedure
    .input(z.object({ code: z.string().min(6).max(10) }))
    .mutation(({ ctx, input }) => {
      refuseSecondEnrolment(ctx.me.totpEnabled);
      return confirmTotpEnrolment({ redis: ctx.services.redis, subject: { scope: 'operator', subjectId: ctx.me.id }, code: input.code });
    }),

  /** Admins: every tenant; owners: the ones they own or co-own. */
  tenants: operatorProcedure.query(async ({ ctx }) =>
    (await listTenants({ db: systemClient(), ownedBy: ctx.me.role === 'admin' ? undefined : ctx.me.id })).map((tenant) => ({
      ...tenant,
      createdAt: tenant.createdAt.toISOString(),
    })),
  ),

  tenant: consoleTenantProcedure.query(async ({ ctx }) => {
    const tenant = await systemClient().tenant.findUniqueOrThrow({
      where: { id: ctx.consoleTenant.id },
      select: { id: true, slug: true, name: true, status: true, suspendedReason: true, settings: true },
    });
    return { ...tenant, access: ctx.consoleTenant.access, settings: parseTenantSettings(tenant.settings) };
  }),

  /** From the console's form: platform admins only (owners start theirs at /start, which makes them its owner). */
  createTenant: platformAdminProcedure
    .input(z.object({ slug, name: z.string().min(2, 'use at least 2 characters').max(80), settings: settingsInput }))
    .mutation(async ({ ctx, input }) => {
      const tenant = await createTenant({ db: systemClient(), slug: input.slug.trim().toLowerCase(), name: input.name, settings: input.settings, actorOperatorId: ctx.me.id });
      await publishInvalidation(ctx.services.publisher, { kind: 'tenant', tenantId: tenant.id });
      return { ...tenant, url: `${ctx.services.protocol}://${tenant.slug}.${ctx.services.baseDomain}` };
    }),

  setStatus: consoleTenantProcedure
    .input(z.object({ status: z.enum(['active', 'suspended']), reason: z.string().max(300).optional() }))
    .mutation(({ ctx, input }) =>
      setTenantStatus({ db: systemClient(), publisher: ctx.services.publisher, slug: ctx.consoleTenant.slug, status: input.status, reason: input.reason, actorOperatorId: ctx.me.id }),
    ),

  updateTenant: consoleTenantProcedure
    .input(z.object({ name: z.string().max(80).optional(), settings: settingsInput }))
    .mutation(({ ctx, input }) =>
      updateTenantSettings({ publisher: ctx.services.publisher, slug: ctx.consoleTenant.slug, name: input.name, settings: input.settings, actorOperatorId: ctx.me.id }),
    ),

  hosts: consoleTenantProcedure.query(({ ctx }) => listTenantHosts({ db: systemClient(), slug: ctx.consoleTenant.slug })),

  addHost: consoleTenantProcedure
    .input(z.object({ host: z.string().max(300) }))
    .mutation(({ ctx, input }) =>
      addTenantHost({ db: systemClient(), slug: ctx.consoleTenant.slug, host: input.host, baseDomain: ctx.services.baseDomain, actorOperatorId: ctx.me.id }),
    ),

  removeHost: consoleTenantProcedure
    .input(z.object({ host: z.string().min(1).max(300) }))
    .mutation(({ ctx, input }) => removeTenantHost({ db: systemClient(), slug: ctx.consoleTenant.slug, host: input.host, actorOperatorId: ctx.me.id })),

  owners: consoleTenantProcedure.query(async ({ ctx }) =>
    (await listTenantOwners({ db: systemClient(), tenantId: ctx.consoleTenant.id })).map((owner) => ({ ...owner, createdAt: owner.createdAt.toISOString() })),
  ),

  inviteCoOwner: consoleTenantProcedure
    .input(z.object({ email: z.string().min(3, 'enter an e-mail address').max(254) }))
    .mutation(({ ctx, input }) =>
      inviteCoOwner({
        redis: ctx.services.redis,
        mail: ctx.services.mail,
        consoleUrl: ctx.siteUrl,
        tenant: ctx.consoleTenant,
        email: input.email,
        inviterOperatorId: ctx.me.id,
        inviterName: ctx.me.username,
      }),
    ),

  /** The owner (or a platform admin) removes a co-owner; the owner itself cannot be removed. */
  removeCoOwner: consoleTenantProcedure
    .input(z.object({ username: z.string().min(1, 'name the co-owner to remove').max(32) }))
    .mutation(({ ctx, input }) => removeCoOwner({ db: systemClient(), tenant: ctx.consoleTenant, actor: ctx.me, username: input.username })),

  /** The owner (or a platform admin) makes a co-owner the owner; the previous owner stays as a co-owner. */
  transferOwnership: consoleTenantProcedure
    .input(z.object({ username: z.string().min(1, 'name the co-owner who becomes the owner').max(32) }))
    .mutation(({ ctx, input }) => transferTenantOwnership({ db: systemClient(), tenant: ctx.consoleTenant, actor: ctx.me, username: input.username })),

  coOwnerInvite: operatorSessionProcedure
    .input(z.object({ token: z.string().min(10).max(200) }))
    .query(({ ctx, input }) => describeCoOwnerInvite({ db: systemClient(), redis: ctx.services.redis, token: input.token })),

  acceptCoOwnerInvite: operatorProcedure
    .input(z.object({ token: z.string().min(10).max(200) }))
    .mutation(({ ctx, input }) => acceptCoOwnerInvite({ db: systemClient(), redis: ctx.services.redis, token: input.token, account: ctx.me })),
} satisfies TRPCRouterRecord;
