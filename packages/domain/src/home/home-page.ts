// The community's home page (issue 12), as UNIT3D members know it: staff news, the
// latest and the most seeded torrents, open requests with the biggest bounties, the
// member's own ratio, points and warnings at a glance, who was on the site lately, and
// the latest forum posts (only forums the member may read).
import { forTenant, withTenant } from '@swarmhost/db';
import { recordAudit } from '../audit/record-audit';
import { formatPoints } from '../bonus/book-points';
import { AppError } from '../errors';
import { latestForumPosts } from '../forums/forum-reading';

/** A member seen within this long counts as online. */
export const ONLINE_WINDOW_MS = 15 * 60_000;
export const NEWS_TITLE_MAX = 200;
export const NEWS_BODY_MAX = 20_000;
const ONLINE_SHOWN = 60;

export async function getHomePage(options: { tenantId: string; memberId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const db = forTenant(options.tenantId);
  const torrentSelect = { id: true, name: true, size: true, seeders: true, leechers: true, createdAt: true } as const;
  const onlineSince = new Date(now.getTime() - ONLINE_WINDOW_MS);
  const [news, latest, active, requests, me, warnings, online, onlineCount] = await Promise.all([
    db.newsPost.findMany({
      where: { deletedAt: null },
      orderBy: { createdAt: 'desc' },
      take: 5,
      select: { id: true, title: true, body: true, createdAt: true, author: { select: { username: true } } },
    }),
    db.torrent.findMany({ where: { status: 'approved' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 6, select: torrentSelect }),
    db.torrent.findMany({ where: { status: 'approved', seeders: { gt: 0 } }, orderBy: [{ seeders: 'desc' }, { id: 'desc' }], take: 6, select: torrentSelect }),
    db.torrentRequest.findMany({
      where: { status: 'open' },
      orderBy: [{ totalBounty: 'desc' }, { createdAt: 'desc' }],
      take: 5,
      select: { id: true, title: true, totalBounty: true, voterCount: true },
    }),
    db.member.findUniqueOrThrow({
      where: { id: options.memberId },
      select: { creditedUploadBytes: true, creditedDownloadBytes: true, bonusPoints: true, freeleechTokens: true, seedSeconds: true, role: true, groupId: true },
    }),
    db.hitAndRunWarning.count({ where: { memberId: options.memberId, pardonedAt: null, expiresAt: { gt: now } } }),
    db.member.findMany({
      where: { lastSeenAt: { gte: onlineSince }, status: 'active' },
      orderBy: { lastSeenAt: 'desc' },
      take: ONLINE_SHOWN,
      select: { username: true, role: true },
    }),
    db.member.count({ where: { lastSeenAt: { gte: onlineSince }, status: 'active' } }),
  ]);
  const forumPosts = await latestForumPosts({ tenantId: options.tenantId, viewer: { id: options.memberId, role: me.role, groupId: me.groupId } });
  const torrentView = (row: (typeof latest)[number]) => ({ id: row.id, name: row.name, size: Number(row.size), seeders: row.seeders, leechers: row.leechers, createdAt: row.createdAt.toISOString() });
  const uploaded = Number(me.creditedUploadBytes);
  const downloaded = Number(me.creditedDownloadBytes);
  return {
    news: news.map((post) => ({ id: post.id, title: post.title, body: post.body, createdAt: post.createdAt.toISOString(), author: post.author?.username ?? null })),
    latest: latest.map(torrentView),
    mostSeeded: active.map(torrentView),
    requests: requests.map((row) => ({ id: row.id, title: row.title, bounty: formatPoints(row.totalBounty), voters: row.voterCount })),
    forumPosts,
    me: {
      uploaded,
      downloaded,
      /** null while nothing was downloaded (an infinite ratio). */
      ratio: downloaded === 0 ? null : uploaded / downloaded,
      points: formatPoints(me.bonusPoints),
      freeleechTokens: me.freeleechTokens,
      seedSeconds: Number(me.seedSeconds),
      activeWarnings: warnings,
    },
    online: { count: onlineCount, members: online.map((row) => ({ username: row.username, staff: row.role !== 'member' })) },
  };
}

export type HomePage = Awaited<ReturnType<typeof getHomePage>>;

function requireStaff(role: string) {
  if (role === 'member') throw new AppError('FORBIDDEN', 'only staff can post or remove news');
}

/** Staff post news; audited. */
export async function postNews(options: { tenantId: string; actor: { id: string; role: string }; title: string; body: string }) {
  requireStaff(options.actor.role);
  const title = options.title.trim().replace(/\s+/g, ' ');
  const body = options.body.trim();
  if (title === '') throw new AppError('BAD_REQUEST', 'title: give the news a title');
  if ([...title].length > NEWS_TITLE_MAX) throw new AppError('BAD_REQUEST', `title: must be at most ${NEWS_TITLE_MAX} characters`);
  if (body === '') throw new AppError('BAD_REQUEST', 'body: write the news first');
  if (body.length > NEWS_BODY_MAX) throw new AppError('BAD_REQUEST', `body: must be at most ${NEWS_BODY_MAX} characters`);
  return withTenant(options.tenantId, async (tx) => {
    const post = await tx.newsPost.create({ data: { tenantId: options.tenantId, authorId: options.actor.id, title, body }, select: { id: true } });
    await recordAudit(tx, { tenantId: options.tenantId, actorMemberId: options.actor.id, action: 'news.post', targetType: 'news', targetId: post.id, details: { title } });
    return post;
  });
}

/** Staff remove a news post (kept, hidden); audited. */
export async function deleteNews(options: { tenantId: string; actor: { id: string; role: string }; newsId: string }) {
  requireStaff(options.actor.role);
  await withTenant(options.tenantId, async (tx) => {
    const removed = await tx.newsPost.updateMany({ where: { id: options.newsId, deletedAt: null }, data: { deletedAt: new Date() } });
    if (removed.count === 0) throw new AppError('NOT_FOUND', 'that news post does not exist here');
    await recordAudit(tx, { tenantId: options.tenantId, actorMemberId: options.actor.id, action: 'news.delete', targetType: 'news', targetId: options.newsId });
  });
}
