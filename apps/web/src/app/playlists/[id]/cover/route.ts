// GET /playlists/<id>/cover: the playlist's cover image, for members who may see the
// playlist (someone else's private one: 404 like a missing one). The Content-Type is the
// one decided from the image's bytes when it was stored (PNG, JPEG or WebP); nosniff and
// a sandboxing CSP keep a browser from treating it as anything else.
import { createApiContext } from '@swarmhost/api';
import { isAppError } from '@swarmhost/domain';
import { readPlaylistCover } from '@swarmhost/domain/playlists/cover-image';
import { responseCookieJar } from '~/server/cookie-jar';
import { requestInfoFrom } from '~/server/request-info';
import { apiServices } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const context = await createApiContext({ services: apiServices(), request: requestInfoFrom(request.headers), cookies: responseCookieJar(request.headers.get('cookie'), new Headers()) });
  const site = context.site;
  const text = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
  if (site.kind !== 'tenant' || site.tenant.status !== 'active') return text(404, 'Not found: no community lives at this address.');
  if (!context.member) return text(401, 'Log in to see playlists.');
  if (!/^[0-9a-f-]{36}$/i.test(id)) return text(404, 'Not found: this playlist does not exist here.');
  try {
    const cover = await readPlaylistCover({ tenantId: site.tenant.id, viewer: context.member.member, playlistId: id });
    return new Response(new Uint8Array(cover.bytes), {
      headers: {
        'content-type': cover.type,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'content-disposition': 'inline',
        // Private to the member's browser (visibility depends on who asks); a new cover gets a new ?v=.
        'cache-control': 'private, max-age=300',
        'last-modified': cover.updatedAt.toUTCString(),
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return text(404, `Not found: ${error.message}.`);
    throw error;
  }
}
