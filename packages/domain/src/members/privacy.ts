// Which of a member's stats other members may see (members.privacy JSON). Staff and
// the member always see everything.
import { z } from 'zod';

export const privacySchema = z.object({
  hideStats: z.boolean().default(false),
  hideHistory: z.boolean().default(false),
  hideUploads: z.boolean().default(false),
});

export type Privacy = z.infer<typeof privacySchema>;

export function readPrivacy(json: unknown): Privacy {
  const parsed = privacySchema.safeParse(json ?? {});
  return parsed.success ? parsed.data : privacySchema.parse({});
}
