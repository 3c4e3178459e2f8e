// Gives a member a new passkey. The old one stops working at once: the row changes in
// one statement and every tracker worker drops the old passkey on the invalidation.
import type { DbClient } from '@swarmhost/db';
import { publishInvalidation, type Publisher } from '@swarmhost/events';
import { newPasskey } from '../secrets';
import { findMemberByUsername } from './find-member';

export interface RotatePasskeyOptions {
  db: DbClient;
  publisher?: Publisher;
  tenantSlug: string;
  username: string;
  actorMemberId?: string;
  actorOperatorId?: string;
}

export async function rotatePasskey(options: RotatePasskeyOptions) {
  const { member } = await findMemberByUsername(options.db, options.tenantSlug, options.username);
  const passkey = newPasskey();
  await options.db.$transaction([
    options.db.member.update({ where: { id: member.id }, data: { passkey } }),
    options.db.auditLog.create({
      data: {
        tenantId: member.tenantId,
        actorMemberId: options.actorMemberId ?? null,
        actorOperatorId: options.actorOperatorId ?? null,
        action: 'member.rotate_passkey',
        targetType: 'member',
        targetId: member.id,
      },
    }),
  ]);
  if (options.publisher) {
    await publishInvalidation(options.publisher, { kind: 'passkey', passkey: member.passkey });
  }
  return { memberId: member.id, tenantId: member.tenantId, username: member.username, passkey, previousPasskey: member.passkey };
}
