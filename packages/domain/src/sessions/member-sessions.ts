// Member sessions: a random cookie token whose SHA-256 is a row in `sessions`, scoped
// to the tenant by row-level security, so a cookie from one host means nothing on another.
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import { forTenant } from '@swarmhost/db';

export const SESSION_DAYS = 30;

export interface SessionMember {
  id: string;
  username: string;
  email: string;
  role: 'member' | 'staff' | 'admin';
  status: 'active' | 'disabled' | 'pending';
  passkey: string;
  groupId: string | null;
  emailVerified: boolean;
  totpEnabled: boolean;
}

export interface ResolvedSession {
  sessionId: string;
  /** When this session was signed in: a fresh sign-in counts as a recent re-authentication (auth/step-up.ts). */
  signedInAt: Date;
  member: SessionMember;
}

export async function createMemberSession(options: {
  tenantId: string;
  memberId: string;
  userAgent?: string;
  ip?: string;
}): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  const db = forTenant(options.tenantId);
  await db.session.create({
    data: {
      tenantId: options.tenantId,
      memberId: options.memberId,
      tokenHash: hashToken(token),
      expiresAt,
      userAgent: options.userAgent?.slice(0, 300) ?? null,
      ip: options.ip ?? null,
    },
  });
  await db.member.update({ where: { id: options.memberId }, data: { lastSeenAt: new Date() } });
  return { token, expiresAt };
}

/** How stale members.last_seen_at may get before a request refreshes it. */
export const SEEN_WRITE_INTERVAL_MS = 5 * 60_000;

/** The live session behind a cookie token in this tenant, or null (expired, unknown, disabled member). */
export async function resolveMemberSession(tenantId: string, token: string): Promise<ResolvedSession | null> {
  const session = await forTenant(tenantId).session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      createdAt: true,
      member: {
        select: {
          id: true,
          username: true,
          email: true,
          role: true,
          status: true,
          passkey: true,
          groupId: true,
          emailVerifiedAt: true,
          totpSecret: true,
          lastSeenAt: true,
        },
      },
    },
  });
  if (!session || session.expiresAt.getTime() <= Date.now() || session.member.status === 'disabled') return null;
  const { emailVerifiedAt, totpSecret, lastSeenAt, ...member } = session.member;
  // "Who is online" on the home page: the member was seen now. Written at most every
  // few minutes per member, and never in the way of the request.
  if (lastSeenAt === null || Date.now() - lastSeenAt.getTime() > SEEN_WRITE_INTERVAL_MS) {
    forTenant(tenantId)
      .member.updateMany({ where: { id: member.id }, data: { lastSeenAt: new Date() } })
      .catch(() => undefined);
  }
  return {
    sessionId: session.id,
    signedInAt: session.createdAt,
    member: { ...member, emailVerified: emailVerifiedAt !== null, totpEnabled: totpSecret !== null },
  };
}

export async function endMemberSession(tenantId: string, sessionId: string): Promise<void> {
  await forTenant(tenantId).session.deleteMany({ where: { id: sessionId } });
}

/** Logs the member out everywhere (every browser), e.g. after a password change. */
export async function endAllMemberSessions(tenantId: string, memberId: string): Promise<number> {
  const { count } = await forTenant(tenantId).session.deleteMany({ where: { memberId } });
  return count;
}
