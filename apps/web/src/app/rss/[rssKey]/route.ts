// GET /rss/<rsskey>[?q=&category=&tag=&freeleech=1]: new torrents, or a saved search, as RSS 2.0.
import { feedResponse } from '../_shared/feed-response';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, props: { params: Promise<{ rssKey: string }> }) {
  const { rssKey } = await props.params;
  return feedResponse(request, rssKey, 'all');
}
