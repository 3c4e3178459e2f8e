// Tenants (created the way the CLI does, with their chat rooms), members and pending
// uploads in the run's database.
import { createHash, randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { createMember, createTenant, type MemberRoleName } from '@swarmhost/domain';

export async function newTenant() {
  const slug = `wk-${randomBytes(4).toString('hex')}`;
  return createTenant({ db: systemClient(), slug, name: `Tenant ${slug}` });
}

export async function newMember(tenant: { slug: string }, role: MemberRoleName = 'member') {
  const username = `m${randomBytes(4).toString('hex')}`;
  return createMember({ db: systemClient(), tenantSlug: tenant.slug, username, email: `${username}@example.org`, password: '', passwordHash: 'not-a-login', role });
}

export async function newTorrent(tenant: { id: string }, uploaderId: string, status: 'pending' | 'approved' = 'pending') {
  const name = `upload-${randomBytes(4).toString('hex')}`;
  return systemClient().torrent.create({
    data: {
      tenantId: tenant.id,
      infoHash: createHash('sha1').update(name).digest('hex'),
      name,
      size: 1000n,
      fileCount: 1,
      pieceLength: 16384,
      torrentFile: new Uint8Array([100, 101]),
      status,
      uploaderId,
    },
    select: { id: true, name: true },
  });
}

export async function generalRoomId(tenantId: string): Promise<string> {
  const room = await systemClient().chatRoom.findUniqueOrThrow({ where: { tenantId_slug: { tenantId, slug: 'general' } }, select: { id: true } });
  return room.id;
}
