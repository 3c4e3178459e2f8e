// Cache invalidation messages: whoever changes a member, torrent or tenant (site, CLI,
// worker) publishes one, and every tracker worker drops its cached copy within a second.
import { z } from 'zod';

export const INVALIDATION_CHANNEL = 'swarmhost:invalidate';

export const invalidationSchema = z.discriminatedUnion('kind', [
  /** A passkey was rotated or revoked: drop the old passkey's entry. */
  z.object({ kind: z.literal('passkey'), passkey: z.string() }),
  /** A member changed (status, group, freeleech token): drop every entry of theirs. */
  z.object({ kind: z.literal('member'), tenantId: z.string(), memberId: z.string() }),
  /** A torrent was registered, approved, edited or deleted. */
  z.object({ kind: z.literal('torrent'), tenantId: z.string(), infoHash: z.string() }),
  /** Tenant settings or status changed. */
  z.object({ kind: z.literal('tenant'), tenantId: z.string() }),
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

export async function publishInvalidation(publisher: Publisher, message: Invalidation): Promise<void> {
  await publisher.publish(INVALIDATION_CHANNEL, encodeInvalidation(message));
}
