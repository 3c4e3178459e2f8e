// Tenants (created the way the CLI does, with their chat rooms), members and approved
// torrents in the run's database: the shared fixtures with this suite's defaults.
import type { MemberRoleName } from '@swarmhost/domain';
import * as fixtures from '@swarmhost/domain/testing/fixtures';

export const newTenant = () => fixtures.newTenant('rt');

export const newMember = (tenant: { slug: string }, role: MemberRoleName = 'member', username?: string) =>
  fixtures.newMember(tenant, role, username);

export const newTorrent = (tenant: { id: string }, uploaderId: string | null = null) => fixtures.newTorrent(tenant, { uploaderId, status: 'approved' });
