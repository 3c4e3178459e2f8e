// Staff mutes live in PostgreSQL (chat_mutes, one row per mute, kept as history), so
// they outlast restarts of the gateways and of Redis and need no clean-up: a member is
// muted while one of their rows expires in the future; lifting a mute ends it now.
import { withTenant, type DbTransaction, type Prisma } from '@swarmhost/db';
import { AppError } from '../errors';

export const CHAT_MUTE_MAX_MINUTES = 7 * 24 * 60;
export const CHAT_MUTE_REASON_MAX_LENGTH = 500;

export interface ActiveChatMute {
  expiresAt: Date;
  reason: string;
}

/** Prisma `select` of the member's latest-ending active mute, to read it along with the member. */
export function activeChatMuteSelect(now: Date) {
  return {
    where: { expiresAt: { gt: now } },
    orderBy: { expiresAt: 'desc' },
    take: 1,
    select: { expiresAt: true, reason: true },
  } satisfies Prisma.Member$chatMutesArgs;
}

/** Refuses a muted member's message, saying for how long and (if staff gave one) why. */
export function refuseIfMuted(mute: ActiveChatMute | undefined, now = new Date()): void {
  if (!mute) return;
  const minutes = Math.max(1, Math.ceil((mute.expiresAt.getTime() - now.getTime()) / 60_000));
  const why = mute.reason === '' ? '' : ` (${mute.reason})`;
  throw new AppError('FORBIDDEN', `a staff member muted you in chat${why}; you can write again in ${minutes} minute(s)`, {
    mutedUntil: mute.expiresAt.toISOString(),
  });
}

export async function assertNotMuted(options: { tenantId: string; memberId: string; now?: Date }): Promise<void> {
  const now = options.now ?? new Date();
  const mute = await withTenant(options.tenantId, (tx) =>
    tx.chatMute.findFirst({ where: { memberId: options.memberId, expiresAt: { gt: now } }, orderBy: { expiresAt: 'desc' }, select: { expiresAt: true, reason: true } }),
  );
  refuseIfMuted(mute ?? undefined, now);
}

export function parseMuteRequest(minutes: unknown, reason: unknown): { minutes: number; reason: string } {
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 0 || minutes > CHAT_MUTE_MAX_MINUTES) {
    throw new AppError('BAD_REQUEST', `give the mute length in whole minutes, 0 (lift) to ${CHAT_MUTE_MAX_MINUTES} (a week)`);
  }
  if (reason !== undefined && typeof reason !== 'string') throw new AppError('BAD_REQUEST', 'the mute reason must be text');
  const cleaned = (reason ?? '').trim();
  if (cleaned.length > CHAT_MUTE_REASON_MAX_LENGTH) {
    throw new AppError('BAD_REQUEST', `keep the mute reason under ${CHAT_MUTE_REASON_MAX_LENGTH} characters`);
  }
  return { minutes, reason: cleaned };
}

/** Ends every active mute of the member now (the database's clock, never before a row's creation). */
export async function liftChatMutes(tx: DbTransaction, memberId: string): Promise<number> {
  return tx.$executeRaw`UPDATE chat_mutes SET expires_at = GREATEST(now(), created_at) WHERE member_id = ${memberId}::uuid AND expires_at > now()`;
}
