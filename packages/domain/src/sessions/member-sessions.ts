// Member sessions: a random cookie token whose SHA-256 is a row in `sessions`, scoped
// to the tenant by row-level security, so a cookie from one host means nothing on another.
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import { forTenant, Prisma, queryInTenant } from '@swarmhost/db';

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

interface SessionRow {
  id: string;
  expires_at: Date;
  created_at: Date;
  member_id: string;
  username: string;
  email: string;
  role: SessionMember['role'];
  status: SessionMember['status'];
  passkey: string;
  group_id: string | null;
  email_verified: boolean;
  totp_enabled: boolean;
  last_seen_at: Date | null;
}

/**
 * The live session behind a cookie token in this tenant, or null (expired, unknown,
 * disabled member). One round trip (queryInTenant), not Prisma's BEGIN / set_config /
 * query / COMMIT: most members' requests come more than a second apart, past the site's
 * session cache, so this runs for nearly every one of them.
 */
export async function resolveMemberSession(tenantId: string, token: string): Promise<ResolvedSession | null> {
  const [row] = await queryInTenant<SessionRow>(
    tenantId,
    Prisma.sql`
      SELECT s.id::text AS id, s.expires_at, s.created_at, m.id::text AS member_id, m.username::text AS username,
             m.email::text AS email, m.role::text AS role, m.status::text AS status, m.passkey, m.group_id::text AS group_id,
             m.email_verified_at IS NOT NULL AS email_verified, m.totp_secret IS NOT NULL AS totp_enabled, m.last_seen_at
      FROM sessions s
      JOIN members m ON m.id = s.member_id AND m.tenant_id = s.tenant_id
      WHERE s.token_hash = ${hashToken(token)} AND s.tenant_id = ${tenantId}::uuid`,
    { prepare: true },
  );
  if (!row || row.expires_at.getTime() <= Date.now() || row.status === 'disabled') return null;
  // "Who is online" on the home page: the member was seen now. Written at most every
  // few minutes per member, and never in the way of the request.
  if (row.last_seen_at === null || Date.now() - row.last_seen_at.getTime() > SEEN_WRITE_INTERVAL_MS) {
    forTenant(tenantId)
      .member.updateMany({ where: { id: row.member_id }, data: { lastSeenAt: new Date() } })
      .catch(() => undefined);
  }
  return {
    sessionId: row.id,
    signedInAt: row.created_at,
    member: {
      id: row.member_id,
      username: row.username,
      email: row.email,
      role: row.role,
      status: row.status,
      passkey: row.passkey,
      groupId: row.group_id,
      emailVerified: row.email_verified,
      totpEnabled: row.totp_enabled,
    },
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
