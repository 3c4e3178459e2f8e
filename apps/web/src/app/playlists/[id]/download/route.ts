// GET /playlists/<id>/download: "Download all" — a zip of the member's personalised
// .torrent files for the playlist, in its order. Without a session: 401; someone else's
// private playlist or none: 404 (the same answer); an unconfirmed e-mail address or
// downloads disabled by hit-and-run warnings: 403 with a single download's message.
import { createApiContext } from '@swarmhost/api';
import { isAppError } from '@swarmhost/domain';
import { downloadPlaylist } from '@swarmhost/domain/playlists/download-playlist';
import { responseCookieJar } from '~/server/cookie-jar';
import { requestInfoFrom } from '~/server/request-info';
import { apiServices } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const services = apiServices();
  const context = await createApiContext({ services, request: requestInfoFrom(request.headers), cookies: responseCookieJar(request.headers.get('cookie'), new Headers()) });
  const site = context.site;
  const text = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
  if (site.kind !== 'tenant' || site.tenant.status !== 'active') return text(404, 'Not found: no community lives at this address.');
  if (!context.member) return text(401, 'Log in to download torrents.');
  if (!/^[0-9a-f-]{36}$/i.test(id)) return text(404, 'Not found: this playlist does not exist here.');
  try {
    const zip = await downloadPlaylist({ tenantId: site.tenant.id, playlistId: id, member: context.member.member, trackerBaseUrl: services.trackerBaseUrl });
    return new Response(new Uint8Array(zip.bytes), {
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${zip.fileName.replace(/"/g, '')}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return text(404, `Not found: ${error.message}.`);
    if (isAppError(error) && error.code === 'FORBIDDEN') return text(403, `Not allowed: ${error.message}.`);
    if (isAppError(error) && error.code === 'BAD_REQUEST') return text(400, `Cannot download: ${error.message}.`);
    throw error;
  }
}
