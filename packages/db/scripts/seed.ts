// `pnpm db:seed`: a demo community to click through locally. Idempotent: rows are
// looked up by their natural keys and only created when missing, so a second run
// changes nothing and the printed logins keep working.
import { createHash } from 'node:crypto';
import { logShape, parseEnv, publicUrlShape } from '@swarmhost/config';
import type { MemberRole } from '../src/index';
import { disconnectAll, systemClient } from '../src/system';
import { buildTorrent, demoTorrents } from './lib/demo-torrents';
import { hashPassword } from './lib/password';

const TENANT = { slug: 'demo', name: 'Demo Community' };
const OPERATOR = {
  email: 'operator@swarmhost.local',
  username: 'operator',
  password: 'operator-demo-pass',
};
const MEMBER_PASSWORD = 'demo-password';

const MEMBERS: { username: string; role: MemberRole; group: string }[] = [
  { username: 'admin', role: 'admin', group: 'Staff' },
  { username: 'staff', role: 'staff', group: 'Staff' },
  { username: 'alice', role: 'member', group: 'Members' },
  { username: 'bob', role: 'member', group: 'Members' },
  { username: 'carol', role: 'member', group: 'Members' },
];

const GROUPS = [
  {
    name: 'Members',
    isDefault: true,
    permissions: ['torrents.upload', 'requests.create', 'chat.write'],
  },
  {
    name: 'Staff',
    isDefault: false,
    permissions: [
      'torrents.upload',
      'torrents.moderate',
      'members.manage',
      'requests.create',
      'chat.write',
      'chat.moderate',
    ],
  },
];

const CATEGORIES = ['Movies', 'TV', 'Music', 'Games', 'Software', 'Books'];
const TAGS = ['1080p', 'flac', 'linux', 'open-source', 'open-content', 'public-domain'];

/** Stable per-name secrets, so a reseeded machine gives the same announce URLs. */
function demoSecret(kind: string, username: string): string {
  return createHash('sha256')
    .update(`swarmhost-demo:${kind}:${username}`)
    .digest('hex')
    .slice(0, 32);
}

async function main() {
  const env = parseEnv({ ...logShape, ...publicUrlShape });
  if (env.NODE_ENV === 'production' && !process.argv.includes('--force')) {
    throw new Error(
      'Refusing to seed demo accounts with known passwords while NODE_ENV=production (pass --force).',
    );
  }
  const db = systemClient();

  const tenant = await db.tenant.upsert({
    where: { slug: TENANT.slug },
    create: TENANT,
    update: {},
  });

  const operatorExists = await db.operator.findUnique({ where: { email: OPERATOR.email } });
  if (!operatorExists) {
    await db.operator.create({
      data: {
        email: OPERATOR.email,
        username: OPERATOR.username,
        passwordHash: await hashPassword(OPERATOR.password),
      },
    });
  }

  const groups = new Map<string, string>();
  for (const group of GROUPS) {
    const row = await db.group.upsert({
      where: { tenantId_name: { tenantId: tenant.id, name: group.name } },
      create: { tenantId: tenant.id, ...group },
      update: {},
    });
    groups.set(group.name, row.id);
  }

  const memberPasswordHash = await hashPassword(MEMBER_PASSWORD);
  const members = new Map<string, { id: string; passkey: string }>();
  for (const spec of MEMBERS) {
    const row = await db.member.upsert({
      where: { tenantId_username: { tenantId: tenant.id, username: spec.username } },
      create: {
        tenantId: tenant.id,
        username: spec.username,
        email: `${spec.username}@demo.swarmhost.local`,
        passwordHash: memberPasswordHash,
        passkey: demoSecret('passkey', spec.username),
        rssKey: demoSecret('rss', spec.username),
        role: spec.role,
        groupId: groups.get(spec.group) ?? null,
        inviteQuota: spec.role === 'member' ? 2 : 10,
        emailVerifiedAt: new Date(),
      },
      update: {},
    });
    members.set(spec.username, { id: row.id, passkey: row.passkey });
  }

  const categories = new Map<string, string>();
  for (const [position, name] of CATEGORIES.entries()) {
    const slug = name.toLowerCase();
    const row = await db.category.upsert({
      where: { tenantId_slug: { tenantId: tenant.id, slug } },
      create: { tenantId: tenant.id, name, slug, position },
      update: {},
    });
    categories.set(slug, row.id);
  }

  const tags = new Map<string, string>();
  for (const name of TAGS) {
    const row = await db.tag.upsert({
      where: { tenantId_name: { tenantId: tenant.id, name } },
      create: { tenantId: tenant.id, name },
      update: {},
    });
    tags.set(name, row.id);
  }

  const admin = members.get('admin');
  const uploaders = ['staff', 'alice', 'bob', 'staff'];
  const announceUrl = `${env.PUBLIC_TRACKER_URL.replace(/\/$/, '')}/announce`;
  for (const [index, spec] of demoTorrents.entries()) {
    const built = buildTorrent(spec, announceUrl);
    const torrent = await db.torrent.upsert({
      where: { tenantId_infoHash: { tenantId: tenant.id, infoHash: built.infoHash } },
      create: {
        tenantId: tenant.id,
        infoHash: built.infoHash,
        name: spec.name,
        description: spec.description,
        size: built.size,
        fileCount: built.files.length,
        files: built.files,
        pieceLength: spec.pieceLength,
        torrentFile: built.torrentFile,
        categoryId: categories.get(spec.category) ?? null,
        uploaderId: members.get(uploaders[index % uploaders.length] ?? 'staff')?.id ?? null,
        status: 'approved',
        approvedAt: new Date(),
        approvedById: admin?.id ?? null,
        freeleechPercent: spec.freeleechPercent ?? 0,
      },
      update: {},
    });
    await db.torrentTag.createMany({
      data: spec.tags.flatMap((name) => {
        const tagId = tags.get(name);
        return tagId ? [{ tenantId: tenant.id, torrentId: torrent.id, tagId }] : [];
      }),
      skipDuplicates: true,
    });
  }

  await db.chatRoom.upsert({
    where: { tenantId_slug: { tenantId: tenant.id, slug: 'lobby' } },
    create: { tenantId: tenant.id, slug: 'lobby', name: 'Lobby', topic: 'Say hello' },
    update: {},
  });

  printLogins(announceUrl.replace(/\/announce$/, ''), members);
}

function printLogins(trackerBase: string, members: Map<string, { id: string; passkey: string }>) {
  console.log(
    `Seeded tenant "${TENANT.name}" (slug ${TENANT.slug}) with ${demoTorrents.length} approved torrents.\n`,
  );
  console.log(`Operator console: ${OPERATOR.email} / ${OPERATOR.password}\n`);
  console.log('Members (password for all: %s):', MEMBER_PASSWORD);
  for (const spec of MEMBERS) {
    const member = members.get(spec.username);
    if (!member) continue;
    console.log(
      `  ${spec.username.padEnd(6)} ${spec.role.padEnd(7)} passkey ${member.passkey}  ${trackerBase}/${member.passkey}/announce`,
    );
  }
  console.log(
    '\nPasswords are only set when an account is created; a re-run leaves changed ones alone.',
  );
}

main()
  .then(async () => {
    await disconnectAll();
  })
  .catch(async (error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'P2021' || code === 'P2010') {
      console.error('The database has no Swarmhost tables yet: run `pnpm db:migrate` first.');
    } else {
      console.error(error instanceof Error ? error.message : error);
    }
    await disconnectAll();
    process.exit(1);
  });
