// The member behind an RSS key in a feed or download URL. The key is global but the
// lookup runs in the Host's tenant under row-level security, so another tenant's key
// finds nobody; a rotated key finds nobody at once (no cache).
import { forTenant } from '@swarmhost/db';

const RSS_KEY_PATTERN = /^[0-9a-f]{32}$/;

export interface FeedMember {
  id: string;
  username: string;
  role: 'member' | 'staff' | 'admin';
  passkey: string;
  rssKey: string;
}

export async function resolveRssKey(tenantId: string, rssKey: string): Promise<FeedMember | null> {
  if (!RSS_KEY_PATTERN.test(rssKey)) return null;
  const member = await forTenant(tenantId).member.findUnique({
    where: { rssKey },
    select: { id: true, username: true, role: true, passkey: true, rssKey: true, status: true },
  });
  if (!member || member.status !== 'active') return null;
  const { status: _status, ...rest } = member;
  return rest;
}
