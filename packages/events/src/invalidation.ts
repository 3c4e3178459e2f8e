// Cache invalidation messages: whoever changes a member, torrent or tenant (site, CLI,
// worker) publishes one, and every tracker worker drops its cached copy within a second.
// The real-time gateways hear member and tenant messages too: they end the sockets of
// that member (or of a suspended tenant) and refuse socket tokens issued before `at`.
import { z } from 'zod';

export const INVALIDATION_CHANNEL = 'swarmhost:invalidate';

export const invalidationSchema = z.discriminatedUnion('kind', [
  /** A passkey was rotated or revoked: drop the old passkey's entry. */
  z.object({ kind: z.literal('passkey'), passkey: z.string() }),
  /**
   * A member changed (status, role, group, freeleech token) or their sessions ended
   * (logout, log out everywhere, password change): drop every entry of theirs.
   * `at`: when it was published (ms since the epoch, the publisher's clock).
   */
  z.object({ kind: z.literal('member'), tenantId: z.string(), memberId: z.string(), at: z.number().optional() }),
  /** A torrent was registered, approved, edited or deleted. */
  z.object({ kind: z.literal('torrent'), tenantId: z.string(), infoHash: z.string() }),
  /** Tenant settings or status changed. */
  z.object({ kind: z.literal('tenant'), tenantId: z.string(), at: z.number().optional() }),
]);

export type Invalidation = z.infer<typeof invalidationSchema>;

export function encodeInvalidation(message: Invalidation): string {
  return JSON.stringify(message);
}

/** Parses a message from the channel; returns undefined for anything malformed. */
export function decodeInvalidation(raw: string): Invalidation | undefined {
  try {
    const parsed = invalidationSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The minimal publisher surface (ioredis's `publish` fits). */
export interface Publisher {
  publish(channel: string, message: string): Promise<unknown>;
}

/**
 * Publishes `message`; member and tenant messages are stamped with the time (`at`) unless
 * they carry one, so a gateway can tell the socket tokens issued before it from later ones.
 */
export async function publishInvalidation(publisher: Publisher, message: Invalidation, nowMs: number = Date.now()): Promise<void> {
  const stamped = (message.kind === 'member' || message.kind === 'tenant') && message.at === undefined ? { ...message, at: nowMs } : message;
  await publisher.publish(INVALIDATION_CHANNEL, encodeInvalidation(stamped));
}
