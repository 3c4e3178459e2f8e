// A member's block list: a blocked member can neither start a conversation with the
// blocker nor add them to one. Staff cannot be blocked (they must be able to reach a
// member), and nobody is told who blocked them beyond the refusal naming the blocker.
import { forTenant, withTenant } from '@swarmhost/db';
import { isStaffRole } from '../chat/chat-rooms';
import { AppError } from '../errors';
import { findRecipients } from './conversation-access';

export const MAX_BLOCKS = 500;

export async function blockMember(options: { tenantId: string; memberId: string; username: string }): Promise<{ username: string }> {
  const name = options.username.trim();
  if (name === '') throw new AppError('BAD_REQUEST', 'name the member to block by username');
  return withTenant(options.tenantId, async (tx) => {
    const [member] = await findRecipients(tx, [name]);
    if (!member) throw new AppError('BAD_REQUEST', `no member is called: ${name}; check the spelling`);
    if (member.id === options.memberId) throw new AppError('BAD_REQUEST', 'you cannot block yourself');
    const target = await tx.member.findUniqueOrThrow({ where: { id: member.id }, select: { role: true } });
    if (isStaffRole(target.role)) throw new AppError('BAD_REQUEST', `${member.username} is staff and cannot be blocked; report a message instead if they misbehave`);
    const count = await tx.memberBlock.count({ where: { blockerId: options.memberId } });
    if (count >= MAX_BLOCKS) throw new AppError('BAD_REQUEST', `you can block at most ${MAX_BLOCKS} members; unblock someone first`);
    await tx.memberBlock.createMany({
      data: [{ tenantId: options.tenantId, blockerId: options.memberId, blockedId: member.id }],
      skipDuplicates: true,
    });
    return { username: member.username };
  });
}

export async function unblockMember(options: { tenantId: string; memberId: string; username: string }): Promise<void> {
  const db = forTenant(options.tenantId);
  const member = await db.member.findFirst({ where: { username: options.username.trim() }, select: { id: true } });
  if (!member) throw new AppError('NOT_FOUND', `you have not blocked anyone called ${options.username.trim()}`);
  await db.memberBlock.deleteMany({ where: { blockerId: options.memberId, blockedId: member.id } });
}

export async function listBlocks(options: { tenantId: string; memberId: string }): Promise<{ username: string; since: string }[]> {
  const rows = await forTenant(options.tenantId).memberBlock.findMany({
    where: { blockerId: options.memberId },
    select: { createdAt: true, blocked: { select: { username: true } } },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((row) => ({ username: row.blocked.username, since: row.createdAt.toISOString() }));
}

export async function isBlocking(options: { tenantId: string; memberId: string; username: string }): Promise<boolean> {
  const block = await forTenant(options.tenantId).memberBlock.findFirst({
    where: { blockerId: options.memberId, blocked: { username: options.username } },
    select: { blockedId: true },
  });
  return block !== null;
}
