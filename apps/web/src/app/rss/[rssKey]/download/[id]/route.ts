// GET /rss/<rsskey>/download/<id>: the member's personalised .torrent for a feed item or
// a Torznab result, with the RSS key as the only credential (torrent clients and *arr
// apps send no cookie). Same file and same refusals as the site's download.
import { downloadTorrent } from '@swarmhost/domain';
import { torrentDownloadAnswer } from '~/server/torrent-file-response';
import { feedCaller, text } from '../../../_shared/feed-response';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ rssKey: string; id: string }> }) {
  const { rssKey, id } = await props.params;
  const caller = await feedCaller(request, rssKey, 'download');
  if (!caller.ok) return caller.refusal;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return text(404, 'Not found: this torrent does not exist here.');
  return torrentDownloadAnswer(() =>
    downloadTorrent({ tenantId: caller.tenant.id, torrentId: id, member: caller.member, trackerBaseUrl: caller.services.trackerBaseUrl }),
  );
}
