// GET /rss/<rsskey>/download/<id>: the member's personalised .torrent for a feed item or
// a Torznab result, with the RSS key as the only credential (torrent clients and *arr
// apps send no cookie). Same file and same refusals as the site's download.
import { isAppError, downloadTorrent } from '@swarmhost/domain';
import { feedCaller, text } from '../../../_shared/feed-response';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ rssKey: string; id: string }> }) {
  const { rssKey, id } = await props.params;
  const caller = await feedCaller(request, rssKey);
  if (!caller.ok) return caller.refusal;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return text(404, 'Not found: this torrent does not exist here.');
  try {
    const file = await downloadTorrent({ tenantId: caller.tenant.id, torrentId: id, member: caller.member, trackerBaseUrl: caller.services.trackerBaseUrl });
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        'content-type': 'application/x-bittorrent',
        'content-disposition': `attachment; filename="${file.fileName.replace(/"/g, '')}"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return text(404, `Not found: ${error.message}.`);
    if (isAppError(error) && error.code === 'FORBIDDEN') return text(403, `Not allowed: ${error.message}.`);
    throw error;
  }
}
