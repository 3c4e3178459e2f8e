// "Start a community", second step: a signed-up owner creates their tenant. One
// transaction holds the tenant with its defaults (create-tenant.ts), the ownership row
// and the owner's admin member in it (same username, e-mail, password and second factor
// as the console account), so a failure leaves nothing behind. The owner then reaches
// the new host through a one-time login link (owner-login.ts), not a shared cookie.
import type { DbClient } from '@swarmhost/db';
import { AppError } from '../errors';
import { newPasskey, newRssKey } from '../secrets';
import { createTenant, type CreatedTenant } from './create-tenant';

export interface StartCommunityOptions {
  db: DbClient;
  operatorId: string;
  slug: string;
  name: string;
  /** The plan chosen on the form (an active one); none: the platform's default plan. */
  planId?: string;
}

export interface StartedCommunity extends CreatedTenant {
  adminMemberId: string;
}

export async function startCommunity(options: StartCommunityOptions): Promise<StartedCommunity> {
  const owner = await options.db.operator.findUnique({
    where: { id: options.operatorId },
    select: { id: true, username: true, email: true, passwordHash: true, totpSecret: true, totpLastUsedStep: true, recoveryCodes: true, emailVerifiedAt: true, status: true, _count: { select: { passkeys: true } } },
  });
  if (!owner || owner.status !== 'active') throw new AppError('UNAUTHORIZED', 'log in to the console again to start a community');
  if (!owner.emailVerifiedAt) throw new AppError('FORBIDDEN', `confirm your e-mail address first: open the link we sent to ${owner.email}`);
  if (!owner.totpSecret && owner._count.passkeys === 0) {
    throw new AppError('FORBIDDEN', 'set up two-factor authentication first (an authenticator app or a passkey); it protects your community\'s admin account too');
  }
  let adminMemberId = '';
  const tenant = await createTenant({
    db: options.db,
    slug: options.slug.trim().toLowerCase(),
    name: options.name,
    actorOperatorId: owner.id,
    within: async (tx, created) => {
      if (options.planId !== undefined) {
        const plan = await tx.plan.findFirst({ where: { id: options.planId, active: true }, select: { id: true } });
        if (!plan) throw new AppError('BAD_REQUEST', 'that plan is not offered any more; choose one of the plans listed');
        await tx.tenant.update({ where: { id: created.id }, data: { planId: plan.id } });
      }
      await tx.tenantOwner.create({ data: { tenantId: created.id, operatorId: owner.id, role: 'owner' } });
      const staffGroup = await tx.group.findFirst({ where: { tenantId: created.id, name: 'Staff' }, select: { id: true } });
      const member = await tx.member.create({
        data: {
          tenantId: created.id,
          username: owner.username,
          email: owner.email,
          passwordHash: owner.passwordHash,
          totpSecret: owner.totpSecret,
          totpLastUsedStep: owner.totpLastUsedStep,
          recoveryCodes: owner.recoveryCodes,
          passkey: newPasskey(),
          rssKey: newRssKey(),
          role: 'admin',
          groupId: staffGroup?.id ?? null,
          emailVerifiedAt: owner.emailVerifiedAt,
        },
        select: { id: true },
      });
      adminMemberId = member.id;
    },
  });
  return { ...tenant, adminMemberId };
}
