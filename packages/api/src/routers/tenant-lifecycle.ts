// The console's export and deletion of one tenant (issue 14). Every procedure is a
// consoleTenantProcedure (the account's access to the slug is checked there); asking
// for an export or a deletion, or cancelling one, is for the owner or a platform admin,
// not a co-owner: an export carries every member's e-mail address, and deletion ends
// the community. Exports are built by the worker; the page polls `exports` for progress.
import { systemClient } from '@swarmhost/db/system';
import { AppError } from '@swarmhost/domain';
import { cancelTenantDeletion, DELETION_GRACE_DAYS, getTenantDeletion, requestTenantDeletion } from '@swarmhost/domain/tenants/deletion/index';
import { createExportDownloadToken, listTenantExports, requestTenantExport } from '@swarmhost/domain/tenants/export/index';
import type { AccessibleTenant } from '@swarmhost/domain/tenants/tenant-access';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { consoleTenantProcedure, memberProcedure } from '../trpc';

function requireOwner(tenant: AccessibleTenant, what: string): void {
  if (tenant.access === 'co_owner') throw new AppError('FORBIDDEN', `only the owner of ${tenant.name} can ${what}; ask them to do it`);
}

/** Where a download link points: the console's route, which streams the stored archive. */
export const exportDownloadPath = (slug: string, token: string) => `/console/tenants/${encodeURIComponent(slug)}/export/download?token=${encodeURIComponent(token)}`;

export const tenantLifecycleRouter = {
  /**
   * On the tenant's own site, for its staff only: the pending deletion, so every staff
   * page can say when the community goes. Members get null (it is the owner's decision
   * to announce); so does everyone once the purge has started (the site is suspended).
   */
  staffDeletionNotice: memberProcedure.query(async ({ ctx }) => {
    if (ctx.me.role === 'member') return null;
    const deletion = await getTenantDeletion({ db: systemClient(), tenantId: ctx.tenant.id });
    if (!deletion || deletion.purgeStartedAt) return null;
    return { dueAt: deletion.dueAt };
  }),

  exports: consoleTenantProcedure.query(async ({ ctx }) => ({
    canAct: ctx.consoleTenant.access !== 'co_owner',
    exports: await listTenantExports({ db: systemClient(), tenantId: ctx.consoleTenant.id }),
  })),

  requestExport: consoleTenantProcedure.mutation(({ ctx }) => {
    requireOwner(ctx.consoleTenant, 'export its data');
    return requestTenantExport({ db: systemClient(), tenant: ctx.consoleTenant, operatorId: ctx.me.id });
  }),

  exportLink: consoleTenantProcedure.input(z.object({ exportId: z.uuid('not an export id') })).mutation(async ({ ctx, input }) => {
    requireOwner(ctx.consoleTenant, 'download its data');
    const link = await createExportDownloadToken({ db: systemClient(), tenantId: ctx.consoleTenant.id, exportId: input.exportId, now: new Date() });
    return { path: exportDownloadPath(ctx.consoleTenant.slug, link.token), expiresAt: link.expiresAt };
  }),

  deletion: consoleTenantProcedure.query(async ({ ctx }) => ({
    canAct: ctx.consoleTenant.access !== 'co_owner',
    graceDays: DELETION_GRACE_DAYS,
    deletion: await getTenantDeletion({ db: systemClient(), tenantId: ctx.consoleTenant.id }),
  })),

  requestDeletion: consoleTenantProcedure
    .input(z.object({ confirmSlug: z.string().max(80) }))
    .mutation(({ ctx, input }) => {
      requireOwner(ctx.consoleTenant, 'delete it');
      return requestTenantDeletion({ db: systemClient(), tenant: ctx.consoleTenant, confirmSlug: input.confirmSlug, operatorId: ctx.me.id, now: new Date() });
    }),

  cancelDeletion: consoleTenantProcedure.mutation(async ({ ctx }) => {
    requireOwner(ctx.consoleTenant, 'cancel its deletion');
    await cancelTenantDeletion({ db: systemClient(), tenant: ctx.consoleTenant, operatorId: ctx.me.id });
    return { cancelled: true };
  }),
} satisfies TRPCRouterRecord;
