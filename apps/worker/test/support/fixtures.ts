// Tenants (created the way the CLI does, with their chat rooms), members and pending
// uploads in the run's database: the shared fixtures with this suite's defaults.
import { systemClient } from '@swarmhost/db/system';
import type { MemberRoleName } from '@swarmhost/domain';
import * as fixtures from '@swarmhost/domain/testing/fixtures';

export const newTenant = () => fixtures.newTenant('wk');

export const newMember = (tenant: { slug: string }, role: MemberRoleName = 'member') => fixtures.newMember(tenant, role);

export const newTorrent = (tenant: { id: string }, uploaderId: string, status: 'pending' | 'approved' = 'pending') =>
  fixtures.newTorrent(tenant, { uploaderId, status });

export async function generalRoomId(tenantId: string): Promise<string> {
  const room = await systemClient().chatRoom.findUniqueOrThrow({ where: { tenantId_slug: { tenantId, slug: 'general' } }, select: { id: true } });
  return room.id;
}
