// Co-owners: the owner of a community invites another person by e-mail; the link in the
// mail is accepted by a console account with that address (an owner signs up at /start
// first if they have none), which then sees and runs the tenant like its owner, except
// inviting further co-owners.
import type { DbClient } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { checkEmail } from '../validation';
import { issueOwnerToken, peekOwnerToken, redeemOwnerToken } from './owner-tokens';
import { requireOwnerAccess, type AccessibleTenant } from './tenant-access';

export interface TenantOwnerRow {
  username: string;
  email: string;
  role: 'owner' | 'co_owner';
  createdAt: Date;
}

export async function listTenantOwners(options: { db: DbClient; tenantId: string }): Promise<TenantOwnerRow[]> {
  const rows = await options.db.tenantOwner.findMany({
    where: { tenantId: options.tenantId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, createdAt: true, operator: { select: { username: true, email: true } } },
  });
  return rows.map((row) => ({ ...row.operator, role: row.role, createdAt: row.createdAt }));
}

export async function inviteCoOwner(options: {
  redis: Redis;
  mail: MailTransport;
  consoleUrl: string;
  tenant: AccessibleTenant;
  email: string;
  inviterOperatorId: string;
  inviterName: string;
}): Promise<void> {
  requireOwnerAccess(options.tenant);
  const email = checkEmail(options.email);
  const token = await issueOwnerToken(options.redis, 'co-owner-invite', { tenantId: options.tenant.id, email, invitedByOperatorId: options.inviterOperatorId });
  await options.mail.send({
    to: email,
    subject: `${options.inviterName} invites you to co-own ${options.tenant.name}`,
    text:
      `${options.inviterName} invites you to run ${options.tenant.name} with them.\n\n` +
      `Open this link while logged in to the console with this address (valid for 7 days):\n\n${options.consoleUrl}/console/accept-invite?token=${token}\n\n` +
      `No console account yet? Sign up first at ${options.consoleUrl}/start with ${email}, then open the link again.\n`,
  });
}

/** What an invitation is for, shown before the invited person accepts it. */
export async function describeCoOwnerInvite(options: { db: DbClient; redis: Redis; token: string }): Promise<{ tenantName: string; email: string }> {
  const invite = await peekOwnerToken(options.redis, 'co-owner-invite', options.token);
  const tenant = await options.db.tenant.findUnique({ where: { id: invite.tenantId }, select: { name: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'the community of this invitation no longer exists');
  return { tenantName: tenant.name, email: invite.email };
}

export async function acceptCoOwnerInvite(options: {
  db: DbClient;
  redis: Redis;
  token: string;
  account: { id: string; email: string; emailVerified: boolean };
}): Promise<{ slug: string }> {
  const invite = await peekOwnerToken(options.redis, 'co-owner-invite', options.token);
  if (invite.email.toLowerCase() !== options.account.email.toLowerCase()) {
    throw new AppError('FORBIDDEN', `this invitation was sent to ${invite.email}; log in with that account to accept it`);
  }
  if (!options.account.emailVerified) throw new AppError('FORBIDDEN', `confirm your e-mail address first: open the link we sent to ${options.account.email}`);
  await redeemOwnerToken(options.redis, 'co-owner-invite', options.token);
  const tenant = await options.db.tenant.findUnique({ where: { id: invite.tenantId }, select: { slug: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'the community of this invitation no longer exists');
  await options.db.tenantOwner.upsert({
    where: { tenantId_operatorId: { tenantId: invite.tenantId, operatorId: options.account.id } },
    create: { tenantId: invite.tenantId, operatorId: options.account.id, role: 'co_owner' },
    update: {},
  });
  await options.db.auditLog.create({
    data: { tenantId: invite.tenantId, actorOperatorId: options.account.id, action: 'tenant.co_owner_added', targetType: 'operator', targetId: options.account.id, details: { invitedBy: invite.invitedByOperatorId } },
  });
  return { slug: tenant.slug };
}
