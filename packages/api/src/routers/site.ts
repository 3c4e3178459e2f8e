// A community's own look, pages and way in (issue 14), on its site: anyone reads the
// rules and FAQ and may apply when the mode is "application"; staff answer
// applications; the tenant's admins edit the accent colour, logo, pages and
// registration mode on /staff/site — where UNIT3D and Gazelle operators expect site
// settings, in the site's own staff tools rather than the hosting console.
import { parseTenantSettings, registrationModes } from '@swarmhost/db';
import { listApplications, reviewApplication, submitApplication } from '@swarmhost/domain/branding/applications';
import { LOGO_MAX_BYTES, readSiteLook, readSitePages, removeTenantLogo, setTenantLogo, updateSite } from '@swarmhost/domain/branding/site-look';
import { readTenantLimits } from '@swarmhost/domain/plans/tenant-limits';
import { forTenant } from '@swarmhost/db';
import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { AppError, staffProcedure, tenantProcedure } from '../trpc';

const adminProcedure = staffProcedure.use(({ ctx, next }) => {
  if (ctx.me.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'only the community’s admins change its look, pages and registration mode' });
  return next();
});

export const siteRouter = {
  /** What every page of the site shows: the accent colour and the logo's version. */
  look: tenantProcedure.query(({ ctx }) => readSiteLook(ctx.tenant.id)),

  pages: tenantProcedure.query(({ ctx }) => readSitePages(ctx.tenant.id)),

  /** How people join now, and whether there is room (the register and apply pages say so before the form). */
  joining: tenantProcedure.query(async ({ ctx }) => {
    const [limits, members] = await Promise.all([readTenantLimits(forTenant(ctx.tenant.id), ctx.tenant.id), forTenant(ctx.tenant.id).member.count()]);
    return { registrationMode: parseTenantSettings(ctx.tenant.settings).registrationMode, full: members >= limits.maxMembers };
  }),

  apply: tenantProcedure
    .input(
      z.object({
        username: z.string().max(100),
        email: z.string().max(254),
        password: z.string().max(256),
        message: z.string().max(5000),
      }),
    )
    .mutation(({ ctx, input }) => submitApplication({ mail: ctx.services.mail, tenant: ctx.tenant, ...input })),

  applications: staffProcedure
    .input(z.object({ status: z.enum(['pending', 'answered']) }))
    .query(({ ctx, input }) => listApplications({ tenantId: ctx.tenant.id, status: input.status })),

  reviewApplication: staffProcedure
    .input(z.object({ applicationId: z.uuid({ message: 'not an application id; reload the queue' }), decision: z.enum(['accept', 'reject']), note: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) =>
      reviewApplication({ redis: ctx.services.redis, mail: ctx.services.mail, tenant: ctx.tenant, siteUrl: ctx.siteUrl, reviewerId: ctx.me.id, ...input }),
    ),

  settings: adminProcedure.query(async ({ ctx }) => {
    const [look, pages] = await Promise.all([readSiteLook(ctx.tenant.id), readSitePages(ctx.tenant.id)]);
    return { ...look, ...pages, registrationMode: parseTenantSettings(ctx.tenant.settings).registrationMode };
  }),

  update: adminProcedure
    .input(
      z.object({
        accentColor: z.string().max(20),
        rulesMarkdown: z.string().max(60_000),
        faqMarkdown: z.string().max(60_000),
        registrationMode: z.enum(registrationModes, { message: 'choose open, invite, application or closed' }),
      }),
    )
    .mutation(({ ctx, input }) => updateSite({ tenantId: ctx.tenant.id, actorMemberId: ctx.me.id, publisher: ctx.services.publisher, ...input })),

  /** The logo as base64 (PNG, JPEG or WebP by content, at most 512 KiB). */
  setLogo: adminProcedure
    .input(z.object({ imageBase64: z.string({ message: 'must be the image as base64' }).max(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 8, 'logo: must be at most 512 KiB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64 (A-Z, a-z, 0-9, +, /)') }))
    .mutation(({ ctx, input }) => {
      const bytes = Buffer.from(input.imageBase64, 'base64');
      if (bytes.length > LOGO_MAX_BYTES) throw new AppError('BAD_REQUEST', 'logo: must be at most 512 KiB', { fields: { logo: 'too large' } });
      return setTenantLogo({ tenantId: ctx.tenant.id, actorMemberId: ctx.me.id, publisher: ctx.services.publisher, bytes });
    }),

  removeLogo: adminProcedure.mutation(({ ctx }) => removeTenantLogo({ tenantId: ctx.tenant.id, actorMemberId: ctx.me.id, publisher: ctx.services.publisher })),
} satisfies TRPCRouterRecord;
