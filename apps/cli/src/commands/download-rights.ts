// user:download-rights: staff-revoked download rights. A member without them may still
// seed and stop; the tracker refuses their announces with left > 0 within a second
// (member invalidation).
import { publishInvalidation } from '@swarmhost/events';
import { findMemberByUsername } from '@swarmhost/domain';
import { z } from 'zod';
import { defineCommand } from '../command';
import { db, publisher } from '../context';

const required = () => z.string({ message: 'is required' });

export const userDownloadRights = defineCommand({
  name: 'user:download-rights',
  summary: "revoke or restore a member's right to download (seeding stays allowed)",
  usage: '--tenant S --username U --set revoke|restore',
  options: z.object({
    tenant: required(),
    username: required(),
    set: z.enum(['revoke', 'restore'], { message: 'must be revoke or restore' }),
  }),
  async run(options) {
    const { tenant, member } = await findMemberByUsername(db(), options.tenant, options.username);
    const canDownload = options.set === 'restore';
    await db().member.update({ where: { id: member.id }, data: { canDownload } });
    await publishInvalidation(publisher(), { kind: 'member', tenantId: tenant.id, memberId: member.id });
    return {
      data: { member: { id: member.id, username: member.username, canDownload } },
      text: canDownload
        ? `"${member.username}" may download again`
        : `"${member.username}" may no longer download (seeding still works)`,
    };
  },
});
