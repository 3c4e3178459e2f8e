// Settings actions that replace a member's secrets: the announce passkey (through the
// shared rotatePasskey use case, which tells the tracker) and the RSS key.
import { forTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import type { Publisher } from '@swarmhost/events';
import { newRssKey } from '../secrets';
import { rotatePasskey } from './rotate-passkey';

export async function rotateOwnPasskey(options: { publisher: Publisher; tenantSlug: string; username: string; memberId: string }) {
  // rotatePasskey runs a batch transaction, which tenant-scoped clients do not offer;
  // the member is looked up by their own tenant and name, so it cannot reach further.
  const rotated = await rotatePasskey({
    db: systemClient(),
    publisher: options.publisher,
    tenantSlug: options.tenantSlug,
    username: options.username,
    actorMemberId: options.memberId,
  });
  return { passkey: rotated.passkey };
}

export async function rotateOwnRssKey(options: { tenantId: string; memberId: string }) {
  const rssKey = newRssKey();
  await forTenant(options.tenantId).member.update({ where: { id: options.memberId }, data: { rssKey } });
  return { rssKey };
}

export async function listCategories(tenantId: string) {
  return forTenant(tenantId).category.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, name: true, slug: true } });
}
