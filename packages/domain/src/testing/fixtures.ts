// Test fixtures on a run's own database (`@swarmhost/domain/testing/fixtures`): tenants
// created the way the CLI does (with their chat rooms), members that cannot log in, and
// torrents with a placeholder file. Used by the apps' integration tests, never at run time.
import { createHash, randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { createMember, type MemberRoleName } from '../members/create-member';
import { createTenant } from '../tenants/create-tenant';

export async function newTenant(slugPrefix = 't') {
  const slug = `${slugPrefix}-${randomBytes(4).toString('hex')}`;
  return createTenant({ db: systemClient(), slug, name: `Tenant ${slug}` });
}

export async function newMember(tenant: { slug: string }, role: MemberRoleName = 'member', username = `m${randomBytes(4).toString('hex')}`) {
  return createMember({ db: systemClient(), tenantSlug: tenant.slug, username, email: `${username}@example.org`, password: '', passwordHash: 'not-a-login', role });
}

export async function newTorrent(tenant: { id: string }, options: { uploaderId?: string | null; status?: 'pending' | 'approved' } = {}) {
  const name = `torrent-${randomBytes(4).toString('hex')}`;
  return systemClient().torrent.create({
    data: {
      tenantId: tenant.id,
      infoHash: createHash('sha1').update(name).digest('hex'),
      name,
      size: 1000n,
      fileCount: 1,
      pieceLength: 16384,
      torrentFile: new Uint8Array([100, 101]),
      status: options.status ?? 'approved',
      uploaderId: options.uploaderId ?? null,
    },
    select: { id: true, infoHash: true, name: true, tenantId: true },
  });
}
