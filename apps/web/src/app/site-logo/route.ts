// GET /site-logo: the community's logo, public like its name. The Content-Type is the
// one decided from the image's bytes when it was stored (PNG, JPEG or WebP); nosniff
// and a sandboxing CSP keep a browser from treating it as anything else.
import { createApiContext } from '@swarmhost/api';
import { isAppError } from '@swarmhost/domain';
import { readTenantLogo } from '@swarmhost/domain/branding/site-look';
import { responseCookieJar } from '~/server/cookie-jar';
import { requestInfoFrom } from '~/server/request-info';
import { apiServices } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const context = await createApiContext({ services: apiServices(), request: requestInfoFrom(request.headers), cookies: responseCookieJar(null, new Headers()) });
  const site = context.site;
  const text = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
  if (site.kind !== 'tenant') return text(404, 'Not found: no community lives at this address.');
  try {
    const logo = await readTenantLogo(site.tenant.id);
    return new Response(new Uint8Array(logo.bytes), {
      headers: {
        'content-type': logo.type,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'content-disposition': 'inline',
        // Pages ask for /site-logo?v=<version>: a new logo is a new address.
        'cache-control': 'public, max-age=300',
        'last-modified': logo.updatedAt.toUTCString(),
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return text(404, `Not found: ${error.message}.`);
    throw error;
  }
}
