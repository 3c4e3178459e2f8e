// GET /torrents/<id>/download: the member's personalised .torrent (their passkey in the
// announce URL). Without a session: 401; another tenant's torrent: 404; an unconfirmed
// e-mail address: 403 saying how to confirm it; downloads disabled by hit-and-run
// warnings: 403 "Not allowed: downloads disabled: M active hit-and-run warnings; …".
import { createApiContext } from '@swarmhost/api';
import { downloadTorrent } from '@swarmhost/domain';
import { responseCookieJar } from '~/server/cookie-jar';
import { requestInfoFrom } from '~/server/request-info';
import { apiServices } from '~/server/services';
import { torrentDownloadAnswer } from '~/server/torrent-file-response';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const services = apiServices();
  const context = await createApiContext({
    services,
    request: requestInfoFrom(request.headers),
    cookies: responseCookieJar(request.headers.get('cookie'), new Headers()),
  });
  const site = context.site;
  const text = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (site.kind !== 'tenant' || site.tenant.status !== 'active') return text(404, 'Not found: no community lives at this address.');
  if (!context.member) return text(401, 'Log in to download torrents.');
  if (!/^[0-9a-f-]{36}$/i.test(id)) return text(404, 'Not found: this torrent does not exist here.');
  const { member } = context.member;
  return torrentDownloadAnswer(() => downloadTorrent({ tenantId: site.tenant.id, torrentId: id, member, trackerBaseUrl: services.trackerBaseUrl }));
}
