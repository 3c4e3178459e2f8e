// GET /api/v1/torrents/<id>/download: the member's personalised .torrent (their passkey
// in the announce URL), the same file and the same refusals as the site's download.
import { downloadTorrent } from '@swarmhost/domain';
import { torrentFileResponse } from '~/server/torrent-file-response';
import { requireTorrentId, withApiToken } from '../../../_shared/api-call';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  return withApiToken(request, 'read', async ({ tenant, token, services }) => {
    const file = await downloadTorrent({ tenantId: tenant.id, torrentId: requireTorrentId(id), member: token.member, trackerBaseUrl: services.trackerBaseUrl });
    return torrentFileResponse(file);
  });
}
