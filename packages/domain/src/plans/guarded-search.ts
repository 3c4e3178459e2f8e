// The search budget (search-guard.ts) for the entry points besides the site's search box:
// Torznab, saved-search RSS feeds and the REST API. A search takes its token, then runs
// in the tenant's line; a refusal (budget spent, or too many waiting) happens before any
// search work and is TOO_MANY_REQUESTS with details.retryAfterSeconds, which each
// protocol answers in its own shape.
import type { SearchGuard, SearchingTenant } from './search-guard';

export interface SearchBudget {
  guard: SearchGuard;
  tenant: SearchingTenant;
  /** The member searching (an API token's or feed key's): their share is spent too. */
  memberId?: string;
}

/** Runs `search` under the budget when there is one (there is none in tools and tests that pass no guard). */
export async function searchWithinBudget<T>(budget: SearchBudget | undefined, search: () => Promise<T>): Promise<T> {
  if (!budget) return search();
  await budget.guard.take(budget.tenant, budget.memberId);
  return budget.guard.run(budget.tenant, search);
}
