// The tRPC instance: context, the one AppError → TRPCError mapping, readable input
// errors, and the procedure ladder public → tenant → member → staff, plus console →
// operator session (may only enrol a second factor) → operator (has one) → platform
// admin (every tenant) or console tenant (one tenant the account may act on).
import { systemClient } from '@swarmhost/db/system';
import { AppError, findTenantForConsole, isAppError, type AppErrorCode } from '@swarmhost/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ApiContext } from './context';

const TRPC_CODE: Record<AppErrorCode, TRPCError['code']> = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (cause instanceof z.ZodError) {
      const message = cause.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
      return { ...shape, message, data: { ...shape.data, details: null } };
    }
    const details = isAppError(cause) ? (cause.details ?? null) : null;
    // Never leak internals: unexpected errors get a generic message.
    const message = shape.data.code === 'INTERNAL_SERVER_ERROR' && !isAppError(cause) ? 'something went wrong on our side; try again in a moment' : shape.message;
    return { ...shape, message, data: { ...shape.data, details, stack: undefined } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapAppErrors);

export const tenantProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.site.kind !== 'tenant') throw new TRPCError({ code: 'NOT_FOUND', message: 'no community lives at this address' });
  if (ctx.site.tenant.status === 'suspended') {
    throw new TRPCError({ code: 'FORBIDDEN', message: `${ctx.site.tenant.name} is suspended: ${ctx.site.tenant.suspendedReason ?? 'contact the operator'}` });
  }
  return next({ ctx: { ...ctx, tenant: ctx.site.tenant } });
});

export const memberProcedure = tenantProcedure.use(({ ctx, next }) => {
  if (!ctx.member) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in to do this' });
  return next({ ctx: { ...ctx, session: ctx.member, me: ctx.member.member } });
});

export const staffProcedure = memberProcedure.use(({ ctx, next }) => {
  if (ctx.me.role === 'member') throw new TRPCError({ code: 'FORBIDDEN', message: 'only staff can do this' });
  return next();
});

export const consoleProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.site.kind !== 'console') throw new TRPCError({ code: 'NOT_FOUND', message: 'the operator console lives on the base host' });
  return next();
});

/** Signed in on the console, with or without a second factor: enrolling one, and logging out. */
export const operatorSessionProcedure = consoleProcedure.use(({ ctx, next }) => {
  if (!ctx.operator) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in as an operator to do this' });
  return next({ ctx: { ...ctx, me: ctx.operator } });
});

export const OPERATOR_NEEDS_SECOND_FACTOR =
  'operators must set up two-factor authentication first: open the console and enrol an authenticator app, then try again';

/** Everything else an operator does: one operator controls every tenant, so a password alone is not enough (TOTP or a console passkey). */
export const operatorProcedure = operatorSessionProcedure.use(({ ctx, next }) => {
  if (!ctx.me.totpEnabled && !ctx.me.passkeyEnabled) throw new TRPCError({ code: 'FORBIDDEN', message: OPERATOR_NEEDS_SECOND_FACTOR });
  return next();
});

export { AppError };

/** What only a platform admin does: every tenant at once (creating tenants from the console, the all-tenant dashboard). */
export const platformAdminProcedure = operatorProcedure.use(({ ctx, next }) => {
  if (ctx.me.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'only platform admins can do this; community owners manage their own communities' });
  return next();
});

/**
 * Every console procedure on one tenant: its input names the tenant by slug, and the
 * account's access to it is checked here, once (admins: any tenant; owners and
 * co-owners: theirs; anyone else: NOT_FOUND, as if it did not exist).
 */
export const consoleTenantProcedure = operatorProcedure
  .input(z.object({ slug: z.string().min(1, 'enter a slug').max(40) }))
  .use(async ({ ctx, input, next }) => {
    const consoleTenant = await findTenantForConsole({ db: systemClient(), account: ctx.me, slug: input.slug });
    return next({ ctx: { ...ctx, consoleTenant } });
  });
