// The request list and one request's page (issue 12): filters (text through the search
// port, category, status, mine, voted), sorts (bounty, votes, newest, oldest), pages;
// the page shows voters with their amounts, comments, the status history and what the
// viewer may do.
import { forTenant, Prisma } from '@swarmhost/db';
import type { SearchIndex } from '@swarmhost/search';
import { formatPoints } from '../bonus/book-points';
import { AppError } from '../errors';

export const REQUEST_PAGE_SIZE = 25;
export const REQUEST_SORTS = ['bounty', 'votes', 'newest', 'oldest'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];
export const REQUEST_STATUS_FILTERS = ['open', 'claimed', 'pending', 'filled', 'all'] as const;
export type RequestStatusFilter = (typeof REQUEST_STATUS_FILTERS)[number];
/** Text search ranks at most this many matches; the filters and the sort apply to them. */
const SEARCH_CANDIDATES = 500;

export interface ListRequestsOptions {
  tenantId: string;
  viewerId: string;
  searchIndex: SearchIndex;
  query?: string;
  /** A category's slug. */
  category?: string;
  status?: RequestStatusFilter;
  mine?: boolean;
  voted?: boolean;
  sort?: RequestSort;
  page?: number;
  now?: Date;
}

export type RequestState = 'open' | 'claimed' | 'pending' | 'filled' | 'deleted';

function stateOf(row: { status: string; claimedById: string | null; claimExpiresAt: Date | null }, now: Date): RequestState {
  if (row.status === 'closed') return 'deleted';
  if (row.status === 'open' && row.claimedById !== null && row.claimExpiresAt !== null && row.claimExpiresAt > now) return 'claimed';
  return row.status as RequestState;
}

export async function listRequests(options: ListRequestsOptions) {
  const now = options.now ?? new Date();
  const db = forTenant(options.tenantId);
  const page = Math.max(1, Math.min(options.page ?? 1, 10_000));
  const status = options.status ?? 'open';
  const where: Prisma.TorrentRequestWhereInput[] = [];
  if (status === 'all') where.push({ status: { not: 'closed' } });
  else if (status === 'claimed') where.push({ status: 'open', claimedById: { not: null }, claimExpiresAt: { gt: now } });
  else where.push({ status });
  if (options.category) where.push({ category: { slug: options.category } });
  if (options.mine) where.push({ requesterId: options.viewerId });
  if (options.voted) where.push({ bounties: { some: { memberId: options.viewerId, refundedAt: null } } });
  const text = options.query?.trim() ?? '';
  if (text !== '') {
    const hits = await options.searchIndex.searchRequests({ tenantId: options.tenantId, text, limit: SEARCH_CANDIDATES });
    where.push({ id: { in: hits.map((hit) => hit.requestId) } });
  }
  const sort = options.sort ?? 'bounty';
  const orderBy: Prisma.TorrentRequestOrderByWithRelationInput[] = {
    bounty: [{ totalBounty: 'desc' as const }, { createdAt: 'desc' as const }],
    votes: [{ voterCount: 'desc' as const }, { totalBounty: 'desc' as const }],
    newest: [{ createdAt: 'desc' as const }],
    oldest: [{ createdAt: 'asc' as const }],
  }[sort];
  const filter = { AND: where };
  const [rows, total] = await Promise.all([
    db.torrentRequest.findMany({
      where: filter,
      orderBy: [...orderBy, { id: 'asc' }],
      skip: (page - 1) * REQUEST_PAGE_SIZE,
      take: REQUEST_PAGE_SIZE,
      select: {
        id: true,
        title: true,
        status: true,
        totalBounty: true,
        voterCount: true,
        createdAt: true,
        filledAt: true,
        claimedById: true,
        claimExpiresAt: true,
        category: { select: { name: true, slug: true } },
        requester: { select: { username: true } },
      },
    }),
    db.torrentRequest.count({ where: filter }),
  ]);
  return {
    page,
    pageSize: REQUEST_PAGE_SIZE,
    total,
    items: rows.map((row) => ({
      id: row.id,
      title: row.title,
      state: stateOf(row, now),
      bounty: formatPoints(row.totalBounty),
      voters: row.voterCount,
      category: row.category,
      requester: row.requester?.username ?? null,
      createdAt: row.createdAt.toISOString(),
      filledAt: row.filledAt?.toISOString() ?? null,
    })),
  };
}

export type RequestListPage = Awaited<ReturnType<typeof listRequests>>;

export async function getRequest(options: { tenantId: string; requestId: string; viewer: { id: string; role: string }; now?: Date }) {
  const now = options.now ?? new Date();
  const db = forTenant(options.tenantId);
  const request = await db.torrentRequest.findUnique({
    where: { id: options.requestId },
    include: {
      category: { select: { id: true, name: true, slug: true } },
      requester: { select: { id: true, username: true } },
      filledBy: { select: { id: true, username: true } },
      claimedBy: { select: { id: true, username: true } },
      filledTorrent: { select: { id: true, name: true } },
    },
  });
  const staff = options.viewer.role !== 'member';
  if (!request || (request.status === 'closed' && !staff)) throw new AppError('NOT_FOUND', 'this request does not exist here; it may have been deleted');
  const [bounties, comments, events] = await Promise.all([
    db.requestBounty.groupBy({ by: ['memberId'], where: { requestId: request.id, refundedAt: null }, _sum: { amount: true }, orderBy: { _sum: { amount: 'desc' } } }),
    db.requestComment.findMany({
      where: { requestId: request.id, deletedAt: null },
      orderBy: { createdAt: 'asc' },
      take: 500,
      select: { id: true, body: true, createdAt: true, author: { select: { username: true } } },
    }),
    db.requestEvent.findMany({
      where: { requestId: request.id },
      orderBy: { createdAt: 'asc' },
      take: 500,
      select: { kind: true, details: true, createdAt: true, actor: { select: { username: true } } },
    }),
  ]);
  const voterNames = await db.member.findMany({ where: { id: { in: bounties.map((row) => row.memberId) } }, select: { id: true, username: true } });
  const nameOf = new Map(voterNames.map((row) => [row.id, row.username]));
  const state = stateOf(request, now);
  const viewerId = options.viewer.id;
  const isRequester = request.requesterId === viewerId;
  const claimedByOther = state === 'claimed' && request.claimedById !== viewerId;
  const otherVoters = bounties.some((row) => row.memberId !== viewerId);
  return {
    id: request.id,
    title: request.title,
    description: request.description,
    state,
    category: request.category,
    requester: request.requester?.username ?? null,
    bounty: formatPoints(request.totalBounty),
    createdAt: request.createdAt.toISOString(),
    claim: state === 'claimed' ? { by: request.claimedBy?.username ?? null, until: request.claimExpiresAt!.toISOString() } : null,
    fill:
      request.filledTorrent !== null || request.filledBy !== null
        ? {
            torrent: request.filledTorrent,
            by: request.filledBy?.username ?? null,
            at: request.filledAt?.toISOString() ?? null,
            acceptBy: request.fillAcceptBy?.toISOString() ?? null,
            paidAt: request.paidAt?.toISOString() ?? null,
          }
        : null,
    closedReason: staff ? request.closedReason : null,
    // Biggest first; equal amounts by name, so the order is stable.
    voters: bounties
      .map((row) => ({ username: nameOf.get(row.memberId) ?? 'former member', sum: new Prisma.Decimal(row._sum.amount ?? 0) }))
      .sort((a, b) => b.sum.comparedTo(a.sum) || a.username.localeCompare(b.username))
      .map((row) => ({ username: row.username, amount: formatPoints(row.sum) })),
    comments: comments.map((row) => ({ id: row.id, body: row.body, createdAt: row.createdAt.toISOString(), author: row.author?.username ?? null })),
    history: events.map((row) => ({ kind: row.kind, details: row.details as Record<string, unknown>, at: row.createdAt.toISOString(), actor: row.actor?.username ?? null })),
    may: {
      vote: state === 'open' || state === 'claimed',
      claim: (state === 'open' || (state === 'claimed' && !claimedByOther)) && !isRequester && request.claimedById !== viewerId,
      unclaim: state === 'claimed' && (request.claimedById === viewerId || staff),
      fill: (state === 'open' || (state === 'claimed' && !claimedByOther)) && !isRequester,
      answer: state === 'pending' && (isRequester || staff),
      edit: (isRequester && state !== 'pending' && state !== 'filled' && state !== 'deleted') || (staff && state !== 'deleted'),
      delete: state !== 'filled' && state !== 'deleted' && (staff || (isRequester && !otherVoters && state !== 'pending')),
      unfill: staff && (state === 'pending' || state === 'filled'),
    },
  };
}

export type RequestDetails = Awaited<ReturnType<typeof getRequest>>;
