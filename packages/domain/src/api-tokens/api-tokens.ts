// Members' API tokens for tools (upload scripts, Prowlarr/Sonarr/Radarr through Torznab):
// a random bearer secret shown once, only its SHA-256 stored in `api_tokens`, scoped to
// the tenant by row-level security, so a token from one host means nothing on another.
// Creating and revoking a token are audited like any other write through the API.
import { hashToken, newToken } from '@swarmhost/auth/tokens';
import { forTenant, withTenant } from '@swarmhost/db';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';

export const API_TOKEN_SCOPES = ['read', 'upload'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** A prefix makes a leaked token recognisable (secret scanners, logs). */
const TOKEN_PREFIX = 'shk_';
export const MAX_TOKENS_PER_MEMBER = 20;
const NAME_PATTERN = /^[\p{L}\p{N} ._()-]{1,60}$/u;
/** last_used_at is a hint for the settings page: written at most this often per token. */
const LAST_USED_WRITE_INTERVAL_MS = 5 * 60_000;

export interface ApiTokenSummary {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface ApiTokenMember {
  id: string;
  username: string;
  role: 'member' | 'staff' | 'admin';
  passkey: string;
  rssKey: string;
}

export interface ResolvedApiToken {
  tokenId: string;
  scopes: ApiTokenScope[];
  member: ApiTokenMember;
}

function cleanScopes(scopes: readonly string[]): ApiTokenScope[] {
  const chosen = API_TOKEN_SCOPES.filter((scope) => scopes.includes(scope));
  const unknown = scopes.filter((scope) => !(API_TOKEN_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) throw new AppError('BAD_REQUEST', `unknown scope "${unknown[0]}"; choose read and/or upload`);
  if (chosen.length === 0) throw new AppError('BAD_REQUEST', 'choose at least one scope: read or upload');
  return chosen;
}

/** Creates a token and returns its secret: the only time anyone sees it. */
export async function createApiToken(options: {
  tenantId: string;
  memberId: string;
  name: string;
  scopes: readonly string[];
}): Promise<{ id: string; name: string; scopes: ApiTokenScope[]; token: string }> {
  const name = options.name.trim();
  if (!NAME_PATTERN.test(name)) {
    throw new AppError('BAD_REQUEST', 'name the token with 1-60 letters, digits, spaces, dots, hyphens, underscores or brackets');
  }
  const scopes = cleanScopes(options.scopes);
  const token = TOKEN_PREFIX + newToken();
  return withTenant(options.tenantId, async (tx) => {
    const active = await tx.apiToken.count({ where: { memberId: options.memberId, revokedAt: null } });
    if (active >= MAX_TOKENS_PER_MEMBER) {
      throw new AppError('CONFLICT', `you already have ${MAX_TOKENS_PER_MEMBER} tokens; revoke one you no longer use first`);
    }
    const taken = await tx.apiToken.findUnique({
      where: { tenantId_memberId_name: { tenantId: options.tenantId, memberId: options.memberId, name } },
      select: { id: true },
    });
    if (taken) throw new AppError('CONFLICT', `a token named "${name}" exists already (revoked tokens keep their name); pick another name`);
    const row = await tx.apiToken.create({
      data: { tenantId: options.tenantId, memberId: options.memberId, name, scopes, tokenHash: hashToken(token) },
      select: { id: true },
    });
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.memberId,
      action: 'api_token.create',
      targetType: 'api_token',
      targetId: row.id,
      details: { name, scopes },
    });
    return { id: row.id, name, scopes, token };
  });
}

/** The member's live tokens, newest first; never the secrets. */
export async function listApiTokens(options: { tenantId: string; memberId: string }): Promise<ApiTokenSummary[]> {
  const rows = await forTenant(options.tenantId).apiToken.findMany({
    where: { memberId: options.memberId, revokedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, scopes: true, createdAt: true, lastUsedAt: true },
  });
  return rows.map((row) => ({ ...row, scopes: row.scopes.filter((scope): scope is ApiTokenScope => (API_TOKEN_SCOPES as readonly string[]).includes(scope)) }));
}

/** Revokes one of the member's own tokens; it stops working on the next request. */
export async function revokeApiToken(options: { tenantId: string; memberId: string; tokenId: string }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const revoked = await tx.apiToken.updateMany({
      where: { id: options.tokenId, memberId: options.memberId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) throw new AppError('NOT_FOUND', 'no such token among yours; it may be revoked already');
    await recordAudit(tx, {
      tenantId: options.tenantId,
      actorMemberId: options.memberId,
      action: 'api_token.revoke',
      targetType: 'api_token',
      targetId: options.tokenId,
    });
  });
}

/**
 * The member behind a bearer token on this tenant, or null: unknown, revoked, expired,
 * another tenant's token (row-level security hides it) or a disabled member.
 */
export async function resolveApiToken(tenantId: string, token: string): Promise<ResolvedApiToken | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const db = forTenant(tenantId);
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      scopes: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      member: { select: { id: true, username: true, role: true, status: true, passkey: true, rssKey: true } },
    },
  });
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt.getTime() <= Date.now())) return null;
  if (row.member.status !== 'active') return null;
  if (row.lastUsedAt === null || Date.now() - row.lastUsedAt.getTime() > LAST_USED_WRITE_INTERVAL_MS) {
    // A hint only: never in the way of the request.
    db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  const { status: _status, ...member } = row.member;
  return {
    tokenId: row.id,
    scopes: row.scopes.filter((scope): scope is ApiTokenScope => (API_TOKEN_SCOPES as readonly string[]).includes(scope)),
    member,
  };
}

/** Refuses a token without the scope a call needs, naming it. */
export function requireScope(token: ResolvedApiToken, scope: ApiTokenScope): void {
  if (!token.scopes.includes(scope)) {
    throw new AppError('FORBIDDEN', `this token lacks the "${scope}" scope; create a token with it in Settings → API tokens`);
  }
}
