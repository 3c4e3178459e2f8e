// Revocation: the site, CLI and staff tools publish a member invalidation when a member
// logs out, logs out everywhere, changes the password, is disabled or changes role or
// group, and a tenant invalidation when a tenant's status or settings change. Every
// gateway hears them; it ends that member's sockets here (or, for a tenant that is no
// longer active, every socket of the tenant), and remembers the time in Redis so a
// socket token signed before it is refused at connect, on recovery and on refresh.
// The page then asks the site for a fresh token, which the site refuses if the login is
// gone. A missed message (Redis reconnect) still ends a socket at its token's expiry.
import { MAX_REALTIME_TOKEN_TTL_SECONDS } from '@swarmhost/config';
import { appClient } from '@swarmhost/db';
import { decodeInvalidation, gatewayRooms, INVALIDATION_CHANNEL, type Invalidation } from '@swarmhost/events';
import { Redis } from 'ioredis';
import type { Logger } from './log';
import type { GatewayServer, SocketIdentity } from './socket-types';

/** Longer than any token lives (REALTIME_TOKEN_TTL_SECONDS), with room for clock skew. */
const REMEMBER_MS = 2 * MAX_REALTIME_TOKEN_TTL_SECONDS * 1000;

const RAISE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

/** How long this process also keeps a revocation in memory, for sockets whose handshake crossed it. */
const RECENT_MS = 10_000;

export class Revocations {
  /** Member or tenant key → revocation time, of the last seconds (see admittedDuringRevocation). */
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  private note(key: string, atMs: number): void {
    const now = Date.now();
    for (const [noted, at] of this.recent) if (now - at > RECENT_MS) this.recent.delete(noted);
    this.recent.set(key, Math.max(atMs, this.recent.get(key) ?? 0));
  }

  /**
   * A handshake that read Redis just before a revocation was written may finish after this
   * gateway ended the member's sockets; the connection handler asks here, synchronously.
   */
  admittedDuringRevocation(identity: SocketIdentity, issuedAtMs: number): boolean {
    if (identity.tenantId === null) return false;
    const marks = [this.recent.get(this.memberKey(identity.tenantId, identity.memberId)), this.recent.get(this.tenantKey(identity.tenantId))];
    return marks.some((mark) => mark !== undefined && issuedAtMs <= mark);
  }

  private memberKey(tenantId: string, memberId: string): string {
    return `${this.keyPrefix}revoked:member:${tenantId}:${memberId}`;
  }

  private tenantKey(tenantId: string): string {
    return `${this.keyPrefix}revoked:tenant:${tenantId}`;
  }

  async revokeMember(tenantId: string, memberId: string, atMs: number): Promise<void> {
    this.note(this.memberKey(tenantId, memberId), atMs);
    await this.redis.eval(RAISE, 1, this.memberKey(tenantId, memberId), atMs, REMEMBER_MS);
  }

  async revokeTenant(tenantId: string, atMs: number): Promise<void> {
    this.note(this.tenantKey(tenantId), atMs);
    await this.redis.eval(RAISE, 1, this.tenantKey(tenantId), atMs, REMEMBER_MS);
  }

  /** True when a token of `identity` signed at `issuedAtMs` predates a revocation of its member or tenant. */
  async revoked(identity: SocketIdentity, issuedAtMs: number): Promise<boolean> {
    if (identity.tenantId === null) return false;
    const marks = await this.redis.mget(this.memberKey(identity.tenantId, identity.memberId), this.tenantKey(identity.tenantId));
    return marks.some((mark) => mark !== null && issuedAtMs <= Number(mark));
  }
}

/** The revocation message every page gets in its connect_error when its token is refused for this. */
export const REVOKED_MESSAGE = 'this login was ended or changed (logout, password change, role or account status); reload the page to sign in again';

/** Disconnects this gateway's sockets of a member (their page reconnects with a fresh token, or cannot). */
export function endMemberSockets(io: GatewayServer, tenantId: string, memberId: string): number {
  const ids = io.of('/').adapter.rooms.get(gatewayRooms.member(tenantId, memberId));
  let ended = 0;
  for (const id of [...(ids ?? [])]) {
    const socket = io.of('/').sockets.get(id);
    if (!socket) continue;
    socket.disconnect(true);
    ended += 1;
  }
  return ended;
}

/** Disconnects every socket of a tenant on this gateway. */
export function endTenantSockets(io: GatewayServer, tenantId: string): number {
  let ended = 0;
  for (const socket of [...io.of('/').sockets.values()]) {
    if (socket.data.identity?.tenantId !== tenantId) continue;
    socket.disconnect(true);
    ended += 1;
  }
  return ended;
}

async function tenantActive(tenantId: string): Promise<boolean> {
  const tenant = await appClient().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
  return tenant?.status === 'active';
}

async function apply(io: GatewayServer, revocations: Revocations, message: Invalidation, log: Logger): Promise<void> {
  if (message.kind === 'member') {
    // Remembered before the sockets go, so a reconnect with the old token is already refused.
    await revocations.revokeMember(message.tenantId, message.memberId, message.at ?? Date.now());
    const ended = endMemberSockets(io, message.tenantId, message.memberId);
    if (ended > 0) log.info('ended sockets of a changed member', { tenantId: message.tenantId, memberId: message.memberId, sockets: ended });
  } else if (message.kind === 'tenant') {
    // Tenant messages also announce settings changes: only a tenant no longer active loses its sockets.
    if (await tenantActive(message.tenantId)) return;
    await revocations.revokeTenant(message.tenantId, message.at ?? Date.now());
    const ended = endTenantSockets(io, message.tenantId);
    if (ended > 0) log.info('ended sockets of an inactive tenant', { tenantId: message.tenantId, sockets: ended });
  }
}

/** Follows the invalidation channel on a dedicated connection; returns it so close() can end it. */
export async function listenForRevocations(options: { redisUrl: string; io: GatewayServer; revocations: Revocations; log: Logger }): Promise<Redis> {
  const { io, revocations, log } = options;
  const subscriber = new Redis(options.redisUrl);
  subscriber.on('error', (error) => log.warn('invalidation channel: Redis error', { error }));
  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== INVALIDATION_CHANNEL) return;
    const message = decodeInvalidation(raw);
    if (message === undefined) return;
    apply(io, revocations, message, log).catch((error: unknown) => log.error('applying an invalidation failed', { error, message }));
  });
  await subscriber.subscribe(INVALIDATION_CHANNEL);
  return subscriber;
}
