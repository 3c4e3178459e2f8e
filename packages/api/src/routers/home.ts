// The community's home page (issue 12) and its staff news.
import { deleteNews, getHomePage, NEWS_BODY_MAX, NEWS_TITLE_MAX, postNews } from '@swarmhost/domain';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { memberProcedure } from '../trpc';

export const homeRouter = {
  get: memberProcedure.query(({ ctx }) => getHomePage({ tenantId: ctx.tenant.id, memberId: ctx.me.id })),

  /** Staff only (checked by the use case, which audits it). */
  postNews: memberProcedure
    .input(z.object({ title: z.string().max(NEWS_TITLE_MAX * 4), body: z.string().max(NEWS_BODY_MAX + 1000) }))
    .mutation(({ ctx, input }) => postNews({ tenantId: ctx.tenant.id, actor: ctx.me, ...input })),

  deleteNews: memberProcedure
    .input(z.object({ id: z.uuid({ message: 'must be a news post id from this site' }) }))
    .mutation(({ ctx, input }) => deleteNews({ tenantId: ctx.tenant.id, actor: ctx.me, newsId: input.id })),
} satisfies TRPCRouterRecord;
