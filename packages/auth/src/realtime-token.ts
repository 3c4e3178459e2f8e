// Short-lived tokens the web app signs so a browser can open a socket to the real-time
// gateway: HMAC-SHA256 over a compact JSON payload (tenant, member, role, issue time,
// expiry). The gateway verifies them without a database round trip; the issue time lets
// it refuse tokens signed before the member's latest revocation (logout, disabling…).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const REALTIME_ROLES = ['member', 'staff', 'admin', 'operator'] as const;
export type RealtimeRole = (typeof REALTIME_ROLES)[number];

export interface RealtimeClaims {
  /** The member's tenant; null for an operator (platform account). */
  readonly tenantId: string | null;
  /** Member id, or the operator's id when role is "operator". */
  readonly memberId: string;
  readonly role: RealtimeRole;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  /** When the site signed it, ms since the epoch (0 for tokens from before this claim existed). */
  readonly issuedAtMs: number;
}

export type RealtimeTokenProblem = 'malformed' | 'bad_signature' | 'expired';

const PROBLEM_MESSAGES: Record<RealtimeTokenProblem, string> = {
  malformed: 'the real-time token is malformed; reload the page to get a new one',
  bad_signature: 'the real-time token was not signed by this site; reload the page to get a new one',
  expired: 'the real-time token has expired; reload the page (or ask the site for a new token) and reconnect',
};

export class RealtimeTokenError extends Error {
  override name = 'RealtimeTokenError';

  constructor(readonly problem: RealtimeTokenProblem) {
    super(PROBLEM_MESSAGES[problem]);
  }
}

const VERSION = 'rt1';

function signature(secret: string, signedPart: string): Buffer {
  return createHmac('sha256', secret).update(signedPart).digest();
}

export function signRealtimeToken(
  claims: { tenantId: string | null; memberId: string; role: RealtimeRole },
  secret: string,
  options: { ttlSeconds?: number; nowMs?: number } = {},
): string {
  if ((claims.role === 'operator') !== (claims.tenantId === null)) {
    throw new Error('operators carry no tenant and every other role needs one');
  }
  const nowMs = options.nowMs ?? Date.now();
  const exp = Math.floor(nowMs / 1000) + (options.ttlSeconds ?? 300);
  const payload = Buffer.from(JSON.stringify({ t: claims.tenantId, m: claims.memberId, r: claims.role, e: exp, i: nowMs })).toString('base64url');
  const signedPart = `${VERSION}.${payload}`;
  return `${signedPart}.${signature(secret, signedPart).toString('base64url')}`;
}

function parsePayload(encoded: string): RealtimeClaims {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new RealtimeTokenError('malformed');
  }
  if (typeof value !== 'object' || value === null) throw new RealtimeTokenError('malformed');
  const { t, m, r, e, i } = value as Record<string, unknown>;
  const validTenant = t === null || (typeof t === 'string' && t.length > 0);
  const validRole = typeof r === 'string' && (REALTIME_ROLES as readonly string[]).includes(r);
  const validIssued = i === undefined || (typeof i === 'number' && Number.isFinite(i));
  if (!validTenant || typeof m !== 'string' || m.length === 0 || !validRole || typeof e !== 'number' || !validIssued) {
    throw new RealtimeTokenError('malformed');
  }
  const role = r as RealtimeRole;
  if ((role === 'operator') !== (t === null)) throw new RealtimeTokenError('malformed');
  return { tenantId: t, memberId: m, role, exp: e, issuedAtMs: typeof i === 'number' ? i : 0 };
}

/** Returns the claims of a valid token or throws RealtimeTokenError saying what is wrong. */
export function verifyRealtimeToken(token: unknown, secret: string, nowMs: number = Date.now()): RealtimeClaims {
  if (typeof token !== 'string' || token.length > 2048) throw new RealtimeTokenError('malformed');
  const parts = token.split('.');
  const [version, payload, signed] = parts;
  if (parts.length !== 3 || version !== VERSION || !payload || !signed) throw new RealtimeTokenError('malformed');
  const expected = signature(secret, `${version}.${payload}`);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new RealtimeTokenError('bad_signature');
  const claims = parsePayload(payload);
  if (claims.exp * 1000 <= nowMs) throw new RealtimeTokenError('expired');
  return claims;
}
