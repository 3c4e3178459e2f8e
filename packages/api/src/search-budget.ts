// Every search through the search index spends the tenant's search budget (its plan's
// searches a second, packages/domain/src/plans/search-guard.ts) and runs under the
// tenant's per-process concurrency cap: torrents, forums and requests alike, so a
// community cannot flood the index through whichever search the budget forgot.
import type { SearchingTenant } from '@swarmhost/domain/plans/search-guard';
import type { ApiContext } from './context';

type SearchContext = Pick<ApiContext, 'services' | 'searchBudgetTaken'> & { tenant: SearchingTenant; me?: { id: string } };

/**
 * Takes one search from the budget and from the member's share of it (TOO_MANY_REQUESTS
 * with a retry time when spent), unless the site's front already took it.
 */
export async function spendSearchBudget(ctx: SearchContext): Promise<void> {
  if (ctx.services.searchGuard && !ctx.searchBudgetTaken) await ctx.services.searchGuard.take(ctx.tenant, ctx.me?.id);
}

/** Runs a search's database work under the tenant's concurrency cap in this process. */
export function guardedSearch<T>(ctx: Pick<ApiContext, 'services'> & { tenant: SearchingTenant }, work: () => Promise<T>): Promise<T> {
  const guard = ctx.services.searchGuard;
  return guard ? guard.run(ctx.tenant, work) : work();
}

/** A search: spends the budget, then runs capped. */
export async function budgetedSearch<T>(ctx: SearchContext, work: () => Promise<T>): Promise<T> {
  await spendSearchBudget(ctx);
  return guardedSearch(ctx, work);
}
