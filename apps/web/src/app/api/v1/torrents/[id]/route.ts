// GET /api/v1/torrents/<id>: one torrent's details (files, figures, tags; no comments),
// as the torrent page shows them to this member.
import { getTorrent, postgresPeerSource } from '@swarmhost/domain';
import { json, requireTorrentId, withApiToken } from '../../_shared/api-call';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  return withApiToken(request, 'read', async ({ tenant, token, services, siteUrl }) => {
    const details = await getTorrent({
      peers: services.peerSource ?? postgresPeerSource(),
      tenantId: tenant.id,
      tenantSettings: tenant.settings,
      torrentId: requireTorrentId(id),
      viewer: token.member,
    });
    const { comments: _comments, recentSnatches: _recentSnatches, isUploader: _isUploader, ...rest } = details;
    return json(200, { ...rest, url: `${siteUrl}/torrents/${details.id}`, downloadUrl: `${siteUrl}/api/v1/torrents/${details.id}/download` });
  });
}
