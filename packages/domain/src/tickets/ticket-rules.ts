// The fixed vocabulary and bounds of support tickets, shared by the domain, the API's
// input checks and the pages.
import type { TenantTransaction } from '@swarmhost/db';
import { AppError } from '../errors';

export const TICKET_CATEGORIES = ['account', 'torrents', 'tracker_client', 'economy', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export const TICKET_CATEGORY_LABELS: Record<TicketCategory, string> = {
  account: 'Account',
  torrents: 'Torrents',
  tracker_client: 'Tracker / client',
  economy: 'Bonus points / economy',
  other: 'Other',
};

/** Low to high, as PostgreSQL sorts the enum. */
export const TICKET_PRIORITIES = ['low', 'normal', 'high'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_STATUSES = ['open', 'waiting_on_member', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_SUBJECT_MIN = 3;
export const TICKET_SUBJECT_MAX = 150;
export const TICKET_BODY_MAX = 10_000;
/** New tickets a member may open in 24 hours. */
export const TICKETS_PER_DAY = 5;
/** Replies a member may write in an hour, over all their tickets (staff are not limited). */
export const TICKET_REPLIES_PER_HOUR = 30;

export interface TicketViewer {
  id: string;
  role: string;
}

export const isStaffViewer = (viewer: TicketViewer) => viewer.role !== 'member';

export const TICKET_NOT_FOUND = 'no such ticket here; open your tickets from the Tickets page';

export function cleanBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length < 1 || trimmed.length > TICKET_BODY_MAX) throw new AppError('BAD_REQUEST', `body: write 1-${TICKET_BODY_MAX.toLocaleString('en')} characters`);
  return trimmed;
}

/**
 * A member's writes in a window, counted from their own rows under a per-member advisory
 * lock held to the end of the transaction, so parallel requests cannot slip past the limit.
 */
export async function requireUnderLimit(
  tx: TenantTransaction,
  options: { memberId: string; kind: 'ticket' | 'ticket-reply'; limit: number; windowMs: number; now: Date; count: (since: Date) => Promise<Date[]>; what: string },
): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))`, options.kind, options.memberId);
  const since = new Date(options.now.getTime() - options.windowMs);
  const times = await options.count(since);
  if (times.length < options.limit) return;
  const oldest = times.reduce((a, b) => (a < b ? a : b));
  const waitMs = oldest.getTime() + options.windowMs - options.now.getTime();
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  const wait = minutes >= 90 ? `${Math.ceil(minutes / 60)} hour(s)` : `${minutes} minute(s)`;
  throw new AppError('TOO_MANY_REQUESTS', `${options.what}; try again in ${wait}`, { retryAfterMs: waitMs });
}
