// A member's API tokens in settings: list (never the secrets), create (the secret is in
// this one answer only), revoke. The tokens themselves are used by /api/v1 and Torznab.
import { API_TOKEN_SCOPES, createApiToken, listApiTokens, revokeApiToken } from '@swarmhost/domain/api-tokens/api-tokens';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { memberProcedure } from '../trpc';

export const apiTokensRouter = {
  list: memberProcedure.query(async ({ ctx }) => {
    const tokens = await listApiTokens({ tenantId: ctx.tenant.id, memberId: ctx.me.id });
    return tokens.map((token) => ({ ...token, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null }));
  }),

  create: memberProcedure
    .input(z.object({ name: z.string().max(60, 'use at most 60 characters for the name'), scopes: z.array(z.enum(API_TOKEN_SCOPES)).max(2) }))
    .mutation(({ ctx, input }) => createApiToken({ tenantId: ctx.tenant.id, memberId: ctx.me.id, name: input.name, scopes: input.scopes })),

  revoke: memberProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiToken({ tenantId: ctx.tenant.id, memberId: ctx.me.id, tokenId: input.id })),
} satisfies TRPCRouterRecord;
