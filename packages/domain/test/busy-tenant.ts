// A tenant with something in every corner, for the export and deletion tests: members
// (one with every secret set), real .torrent files, comments, requests with bounties,
// playlists, chat, bonus transactions, notifications, sessions, peers, a custom host,
// and Redis keys left by real use (a failed login, a re-authentication stamp).
import { systemClient } from '@swarmhost/db/system';
import { createMemberSession, loginMemberWithPassword, registerTorrent, addTenantHost, createMember } from '../src/index';
import { makeTorrent, newTenant, redis, TRACKER, uniqueIp } from './helpers';

export interface BusyTenant {
  id: string;
  slug: string;
  /** Secrets of the first member, none of which may appear in an export. */
  secrets: { passwordHash: string; passkey: string; rssKey: string; totpSecret: string; recoveryCode: string; sessionToken: string; credentialPublicKey: string };
  torrents: { id: string; infoHash: string }[];
  /** A Redis key named by a session id, not the tenant's: the deletion must find it too. */
  reauthKey: string;
}

export async function seedBusyTenant(options: { bulkMembers: number }): Promise<BusyTenant> {
  const db = systemClient();
  const tenant = await newTenant();
  const owner = await createMember({ db, tenantSlug: tenant.slug, username: 'keeper', email: 'keeper@example.org', password: '', passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0c2FsdA$secret-hash-value-1', role: 'admin' });
  const secrets = {
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0c2FsdA$secret-hash-value-1',
    totpSecret: 'JBSWY3DPEHPK3PXPSECRETTOTP',
    recoveryCode: '$argon2id$recovery-code-hash-7f3a',
    credentialPublicKey: 'cHVibGljLWtleS1ieXRlcw',
    passkey: '',
    rssKey: '',
    sessionToken: '',
  };
  const member = await db.member.update({
    where: { id: owner.id },
    data: { totpSecret: secrets.totpSecret, recoveryCodes: [secrets.recoveryCode] },
    select: { passkey: true, rssKey: true },
  });
  secrets.passkey = member.passkey;
  secrets.rssKey = member.rssKey;
  await db.webAuthnCredential.create({
    data: { tenantId: tenant.id, memberId: owner.id, credentialId: `cred-${tenant.slug}`, publicKey: new Uint8Array(Buffer.from(secrets.credentialPublicKey, 'base64url')) },
  });
  secrets.sessionToken = (await createMemberSession({ tenantId: tenant.id, memberId: owner.id })).token;
  await db.$executeRaw`
    INSERT INTO members (tenant_id, username, email, password_hash, passkey, rss_key)
    SELECT ${tenant.id}::uuid, 'bulk' || g, 'bulk' || g || '@example.org', 'bulk-hash-' || g, md5(${tenant.id} || 'p' || g), md5(${tenant.id} || 'r' || g)
      FROM generate_series(1, ${options.bulkMembers}) g`;
  const torrents: { id: string; infoHash: string }[] = [];
  for (let index = 0; index < 4; index += 1) {
    const torrent = await registerTorrent({ db, tenantId: tenant.id, tenantSlug: tenant.slug, uploaderId: owner.id, torrentFile: makeTorrent(), trackerBaseUrl: TRACKER, status: 'approved' });
    torrents.push({ id: torrent.id, infoHash: torrent.infoHash });
  }
  const first = torrents[0]!.id;
  await db.$executeRaw`INSERT INTO comments (tenant_id, torrent_id, author_id, body) SELECT ${tenant.id}::uuid, ${first}::uuid, ${owner.id}::uuid, 'comment ' || g FROM generate_series(1, 50) g`;
  const [request] = await db.$queryRaw<{ id: string }[]>`INSERT INTO requests (tenant_id, requester_id, title) VALUES (${tenant.id}::uuid, ${owner.id}::uuid, 'Wanted: lossless') RETURNING id::text`;
  await db.$executeRaw`INSERT INTO request_bounties (tenant_id, request_id, member_id, amount) VALUES (${tenant.id}::uuid, ${request!.id}::uuid, ${owner.id}::uuid, 25)`;
  const [playlist] = await db.$queryRaw<{ id: string }[]>`INSERT INTO playlists (tenant_id, owner_id, name) VALUES (${tenant.id}::uuid, ${owner.id}::uuid, 'Best of') RETURNING id::text`;
  await db.$executeRaw`INSERT INTO playlist_items (tenant_id, playlist_id, torrent_id, position) VALUES (${tenant.id}::uuid, ${playlist!.id}::uuid, ${first}::uuid, 1)`;
  await db.$executeRaw`
    INSERT INTO chat_messages (tenant_id, room_id, author_id, body)
    SELECT ${tenant.id}::uuid, r.id, ${owner.id}::uuid, 'hello ' || g FROM chat_rooms r, generate_series(1, 20) g WHERE r.tenant_id = ${tenant.id}::uuid`;
  await db.$executeRaw`INSERT INTO bonus_transactions (tenant_id, member_id, amount, reason) VALUES (${tenant.id}::uuid, ${owner.id}::uuid, 10, 'seeding')`;
  await db.$executeRaw`INSERT INTO notifications (tenant_id, member_id, kind) VALUES (${tenant.id}::uuid, ${owner.id}::uuid, 'torrent.approved')`;
  await db.$executeRaw`
    INSERT INTO peers (tenant_id, torrent_id, member_id, peer_id, ipv4, port_v4, "left", uploaded, downloaded, seeding, updated_at)
    VALUES (${tenant.id}::uuid, ${first}::uuid, ${owner.id}::uuid, ${'ab'.repeat(20)}, '10.0.0.1', 6881, 0, 0, 0, true, now())`;
  await db.$executeRaw`INSERT INTO histories (tenant_id, member_id, torrent_id) VALUES (${tenant.id}::uuid, ${owner.id}::uuid, ${first}::uuid)`;
  await db.$executeRaw`INSERT INTO snatches (tenant_id, member_id, torrent_id) VALUES (${tenant.id}::uuid, ${owner.id}::uuid, ${first}::uuid)`;
  await addTenantHost({ db, slug: tenant.slug, host: `${tenant.slug}.example.net`, baseDomain: 'swarmhost.test' });
  // Redis from real use: a failed login counts against the tenant's account key.
  await loginMemberWithPassword({ redis, limits: { perAccount: 5, perIp: 50, windowSeconds: 600 }, ip: uniqueIp(), tenantId: tenant.id, identifier: 'keeper', password: 'wrong' }).catch(() => undefined);
  const reauthKey = `swarmhost:reauth:${(await db.session.findFirstOrThrow({ where: { tenantId: tenant.id }, select: { id: true } })).id}`;
  await redis.set(reauthKey, '1', 'EX', 600);
  return { id: tenant.id, slug: tenant.slug, secrets, torrents, reauthKey };
}

/** Rows per table that has a tenant_id, for this tenant. */
export async function rowCounts(tenantId: string): Promise<Record<string, number>> {
  const db = systemClient();
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE' ORDER BY 1`;
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE tenant_id = $1::uuid`, tenantId);
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}
