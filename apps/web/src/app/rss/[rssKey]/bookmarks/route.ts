// GET /rss/<rsskey>/bookmarks: the member's bookmarked torrents as RSS 2.0.
import { feedResponse } from '../../_shared/feed-response';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ rssKey: string }> }) {
  const { rssKey } = await props.params;
  return feedResponse(request, rssKey, 'bookmarks');
}
