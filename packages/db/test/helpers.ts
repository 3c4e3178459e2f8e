// Small builders for integration tests: rows are created through the system role,
// which row-level security does not restrict.
import { randomBytes } from 'node:crypto';
import { systemClient } from '../src/system';

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export async function makeTenant(label: string) {
  const db = systemClient();
  const slug = `${label}-${hex(4)}`;
  const tenant = await db.tenant.create({ data: { slug, name: `Tenant ${label}` } });
  const member = await db.member.create({
    data: {
      tenantId: tenant.id,
      username: `${label}-user`,
      email: `${label}@example.test`,
      passwordHash: 'x',
      passkey: hex(16),
      rssKey: hex(16),
    },
  });
  const category = await db.category.create({
    data: { tenantId: tenant.id, name: 'Movies', slug: 'movies' },
  });
  const torrent = await db.torrent.create({
    data: {
      tenantId: tenant.id,
      infoHash: hex(20),
      name: `${label} torrent`,
      size: 1024n,
      fileCount: 1,
      pieceLength: 16384,
      torrentFile: Buffer.from('d4:infod4:name1:xee'),
      categoryId: category.id,
      uploaderId: member.id,
      status: 'approved',
    },
  });
  return { tenant, member, category, torrent };
}
