// GET /api/v1/categories: the tenant's categories (id, name, slug), what an upload's
// "category" field and the search's "category" filter take.
import { listCategories } from '@swarmhost/domain';
import { json, withApiToken } from '../_shared/api-call';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return withApiToken(request, 'read', async ({ tenant }) => json(200, { items: await listCategories(tenant.id) }));
}
