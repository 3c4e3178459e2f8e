// GET /api/v1/openapi.json: the API's description (no token needed), for tools and people.
import { openApiDocument } from '../_shared/openapi';

export const dynamic = 'force-static';

export function GET() {
  return new Response(JSON.stringify(openApiDocument, null, 2), { headers: { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' } });
}
