// The operator console on the bare base host: operator sign-in (password + TOTP) and
// tenant management — create (live at once), list with counts, suspend/resume, edit,
// custom domains. Until an operator has enrolled TOTP, only `me`, TOTP set-up and
// logging out answer; everything else is FORBIDDEN.
import { parseTenantSettings } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import {
  addTenantHost,
  AppError,
  completeSecondFactor,
  confirmTotpEnrolment,
  createTenant,
  endAllOperatorSessions,
  endOperatorSession,
  listTenantHosts,
  listTenants,
  loginOperatorWithPassword,
  removeTenantHost,
  setTenantStatus,
  startTotpEnrolment,
  updateTenantSettings,
} from '@swarmhost/domain';
import { publishInvalidation } from '@swarmhost/events';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { OPERATOR_COOKIE } from '../context';
import { signInOperator } from '../session-cookies';
import { consoleProcedure, operatorProcedure, operatorSessionProcedure } from '../trpc';

const slug = z.string().min(1, 'enter a slug').max(40);

const settingsInput = z.object({
  registrationMode: z.enum(['open', 'invite', 'closed']).optional(),
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

  tenants: operatorProcedure.query(async () =>
    (await listTenants({ db: systemClient() })).map((tenant) => ({ ...tenant, createdAt: tenant.createdAt.toISOString() })),
  ),

  tenant: operatorProcedure.input(z.object({ slug })).query(async ({ input }) => {
    const tenant = await systemClient().tenant.findUnique({
      where: { slug: input.slug },
      select: { id: true, slug: true, name: true, status: true, suspendedReason: true, settings: true },
    });
    if (!tenant) throw new AppError('NOT_FOUND', `no tenant with slug "${input.slug}"`);
    return { ...tenant, settings: parseTenantSettings(tenant.settings) };
  }),

  createTenant: operatorProcedure
    .input(z.object({ slug, name: z.string().min(2, 'use at least 2 characters').max(80), settings: settingsInput }))
    .mutation(async ({ ctx, input }) => {
      const tenant = await createTenant({ db: systemClient(), slug: input.slug.trim().toLowerCase(), name: input.name, settings: input.settings, actorOperatorId: ctx.me.id });
      await publishInvalidation(ctx.services.publisher, { kind: 'tenant', tenantId: tenant.id });
      return { ...tenant, url: `${ctx.services.protocol}://${tenant.slug}.${ctx.services.baseDomain}` };
    }),

  setStatus: operatorProcedure
    .input(z.object({ slug, status: z.enum(['active', 'suspended']), reason: z.string().max(300).optional() }))
    .mutation(({ ctx, input }) =>
      setTenantStatus({ db: systemClient(), publisher: ctx.services.publisher, slug: input.slug, status: input.status, reason: input.reason, actorOperatorId: ctx.me.id }),
    ),

  updateTenant: operatorProcedure
    .input(z.object({ slug, name: z.string().max(80).optional(), settings: settingsInput }))
    .mutation(({ ctx, input }) =>
      updateTenantSettings({ publisher: ctx.services.publisher, slug: input.slug, name: input.name, settings: input.settings, actorOperatorId: ctx.me.id }),
    ),

  hosts: operatorProcedure.input(z.object({ slug })).query(({ input }) => listTenantHosts({ db: systemClient(), slug: input.slug })),

  addHost: operatorProcedure
    .input(z.object({ slug, host: z.string().max(300) }))
    .mutation(({ ctx, input }) =>
      addTenantHost({ db: systemClient(), slug: input.slug, host: input.host, baseDomain: ctx.services.baseDomain, actorOperatorId: ctx.me.id }),
    ),

  removeHost: operatorProcedure
    .input(z.object({ slug, host: z.string().min(1).max(300) }))
    .mutation(({ ctx, input }) => removeTenantHost({ db: systemClient(), slug: input.slug, host: input.host, actorOperatorId: ctx.me.id })),
} satisfies TRPCRouterRecord;
