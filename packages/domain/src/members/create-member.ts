// Creates a member of one tenant with a fresh passkey and RSS key, for the operator CLI
// and seeding (the site's registration has its own path, which mails a verification
// link). An operator vouches for the address, so it counts as confirmed.
import { hashPassword, passwordProblem } from '@swarmhost/auth/password';
import type { DbClient } from '@swarmhost/db';
import { AppError } from '../errors';
import { isUniqueViolation } from '../prisma-errors';
import { newPasskey, newRssKey } from '../secrets';
import { findTenantBySlug } from '../tenants/find-tenant';
import { checkEmail, checkUsername } from '../validation';

export const MEMBER_ROLES = ['member', 'staff', 'admin'] as const;
export type MemberRoleName = (typeof MEMBER_ROLES)[number];

export interface CreateMemberOptions {
  db: DbClient;
  tenantSlug: string;
  username: string;
  email: string;
  password: string;
  role?: MemberRoleName;
  invitedById?: string;
  /** A precomputed argon2id hash (bulk seeding); skips hashing `password`. */
  passwordHash?: string;
}

export interface CreatedMember {
  id: string;
  tenantId: string;
  username: string;
  email: string;
  role: MemberRoleName;
  passkey: string;
}

export async function createMember(options: CreateMemberOptions): Promise<CreatedMember> {
  const username = checkUsername(options.username);
  const email = checkEmail(options.email);
  const problem = options.passwordHash ? undefined : passwordProblem(options.password);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  const tenant = await findTenantBySlug(options.db, options.tenantSlug);
  const role = options.role ?? 'member';
  const passwordHash = options.passwordHash ?? (await hashPassword(options.password));
  const defaultGroup = await options.db.group.findFirst({
    where: { tenantId: tenant.id, isDefault: true },
    select: { id: true },
  });
  try {
    return await options.db.member.create({
      data: {
        tenantId: tenant.id,
        username,
        email,
        passwordHash,
        passkey: newPasskey(),
        rssKey: newRssKey(),
        role,
        groupId: defaultGroup?.id ?? null,
        invitedById: options.invitedById ?? null,
        emailVerifiedAt: new Date(),
      },
      select: { id: true, tenantId: true, username: true, email: true, role: true, passkey: true },
    });
  } catch (error) {
    if (isUniqueViolation(error, 'username')) {
      throw new AppError('CONFLICT', `username "${username}" is already taken in tenant "${tenant.slug}"`);
    }
    if (isUniqueViolation(error, 'email')) {
      throw new AppError('CONFLICT', `e-mail "${email}" already has an account in tenant "${tenant.slug}"`);
    }
    throw error;
  }
}
