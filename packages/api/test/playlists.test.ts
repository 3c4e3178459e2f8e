// Playlists (issue 12) through tRPC and the domain's zip, on real PostgreSQL: an owner
// builds, edits, reorders and deletes; input errors name the field; another member sees
// a public playlist but cannot change it (FORBIDDEN) and finds a private one nowhere
// (NOT_FOUND in get, lists, changes, cover and zip, exactly like a playlist that never
// existed); covers are judged by their bytes; concurrent adds keep positions 0..n-1; the
// zip holds each member's personalised .torrent files in order and is refused like a
// single download to unconfirmed members and members with downloads disabled.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClient } from '@swarmhost/db/system';
import { isAppError, uploadTorrent } from '@swarmhost/domain';
import { readPlaylistCover } from '@swarmhost/domain/playlists/cover-image';
import { downloadPlaylist } from '@swarmhost/domain/playlists/download-playlist';
import { newTenant } from '@swarmhost/domain/testing/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServices, errorOf, newMemberOf, signedInOn } from './support/api-harness';

const services = apiServices();
const PASSWORD = 'playlist password';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 1, 0, 0]), Buffer.from('WEBPVP8 '), randomBytes(64)]);

let tenant: { id: string; slug: string };
let owner: Awaited<ReturnType<typeof newMemberOf>>;
let other: Awaited<ReturnType<typeof newMemberOf>>;
let ownerApi: Awaited<ReturnType<typeof signedInOn>>;
let otherApi: Awaited<ReturnType<typeof signedInOn>>;
const torrents: { id: string; name: string; infoHash: string }[] = [];

/** A small single-file .torrent, bencoded by hand (keys in sorted order). */
function torrentFile(name: string): Uint8Array {
  const text = (value: string | Buffer) => Buffer.concat([Buffer.from(`${Buffer.byteLength(value)}:`), Buffer.from(value)]);
  const pieces = createHash('sha1').update(name).digest();
  return new Uint8Array(
    Buffer.concat([
      Buffer.from('d'), text('announce'), text('http://x.invalid/announce'),
      text('info'), Buffer.from('d'), text('length'), Buffer.from('i1000e'), text('name'), text(name), text('piece length'), Buffer.from('i16384e'), text('pieces'), text(pieces), Buffer.from('e'),
      Buffer.from('e'),
    ]),
  );
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return `${error.code}: ${error.message}`;
}

beforeAll(async () => {
  tenant = await newTenant('pl');
  [owner, other] = await Promise.all([newMemberOf(tenant, 'member', PASSWORD), newMemberOf(tenant, 'member', PASSWORD)]);
  const uploader = await newMemberOf(tenant, 'staff', PASSWORD);
  for (const name of ['Alpha.Album.FLAC', 'Bravo.Linux.ISO', 'Charlie.Docs.PDF', 'Delta.Show.S01']) {
    const uploaded = await uploadTorrent({ tenant: { id: tenant.id, slug: tenant.slug, settings: {} }, uploaderId: uploader.id, torrentFile: torrentFile(`${name}-${tenant.slug}`), trackerBaseUrl: services.trackerBaseUrl, name });
    await systemClient().torrent.update({ where: { id: uploaded.id }, data: { status: 'approved' } });
    torrents.push({ id: uploaded.id, name: uploaded.name, infoHash: uploaded.infoHash });
  }
  ownerApi = await signedInOn({ services, tenant, account: owner, password: PASSWORD, ip: '127.0.0.71' });
  otherApi = await signedInOn({ services, tenant, account: other, password: PASSWORD, ip: '127.0.0.72' });
});

describe('playlists router', () => {
  it('creates, edits, reorders by up/down, removes and deletes; input errors name the field', async () => {
    const blank = await errorOf(ownerApi.playlists.create({ name: '   ' }));
    expect(blank.code).toBe('BAD_REQUEST');
    expect(blank.message).toBe('name: give the playlist a name');
    const long = await errorOf(ownerApi.playlists.create({ name: 'x'.repeat(121) }));
    expect(long.message).toBe('name: must be at most 120 characters (it has 121)');
    expect((await errorOf(ownerApi.playlists.get({ id: 'nope' }))).message).toMatch(/id/);

    const { id } = await ownerApi.playlists.create({ name: '  Road   trip ', description: 'For **the car**', isPublic: true });
    for (const torrent of torrents.slice(0, 3)) await ownerApi.playlists.add({ playlistId: id, torrentId: torrent.id });
    const twice = await errorOf(ownerApi.playlists.add({ playlistId: id, torrentId: torrents[0]!.id }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toBe(`"${torrents[0]!.name}" is already in this playlist`);

    const order = async () => (await ownerApi.playlists.get({ id })).items.map((item) => `${item.position}:${item.name}`);
    expect(await order()).toEqual(['0:Alpha.Album.FLAC', '1:Bravo.Linux.ISO', '2:Charlie.Docs.PDF']);
    expect(await ownerApi.playlists.move({ playlistId: id, torrentId: torrents[2]!.id, direction: 'up' })).toEqual({ position: 1 });
    expect(await order()).toEqual(['0:Alpha.Album.FLAC', '1:Charlie.Docs.PDF', '2:Bravo.Linux.ISO']);
    expect(await ownerApi.playlists.move({ playlistId: id, torrentId: torrents[0]!.id, direction: 'up' })).toEqual({ position: 0 }); // already first
    await ownerApi.playlists.move({ playlistId: id, torrentId: torrents[0]!.id, direction: 'down' });
    expect(await order()).toEqual(['0:Charlie.Docs.PDF', '1:Alpha.Album.FLAC', '2:Bravo.Linux.ISO']);
    await ownerApi.playlists.remove({ playlistId: id, torrentId: torrents[2]!.id });
    expect(await order()).toEqual(['0:Alpha.Album.FLAC', '1:Bravo.Linux.ISO']);

    await ownerApi.playlists.update({ id, name: 'Road trip 2', description: 'new', isPublic: false });
    const edited = await ownerApi.playlists.get({ id });
    expect(edited).toMatchObject({ name: 'Road trip 2', description: 'new', isPublic: false, mine: true, torrentCount: 2, totalSize: 2000, owner: owner.username });
    expect(edited.items[0]).toMatchObject({ seeders: 0, leechers: 0, size: 1000 });
    await ownerApi.playlists.delete({ id });
    expect((await errorOf(ownerApi.playlists.get({ id }))).code).toBe('NOT_FOUND');
  });

  it('hides a private playlist from everyone but its owner (NOT_FOUND, as if it did not exist) and lets others only read a public one', async () => {
    const secret = await ownerApi.playlists.create({ name: `Secret ${tenant.slug}`, isPublic: false });
    const shared = await ownerApi.playlists.create({ name: `Shared ${tenant.slug}`, isPublic: true });
    await ownerApi.playlists.add({ playlistId: secret.id, torrentId: torrents[0]!.id });
    await ownerApi.playlists.add({ playlistId: shared.id, torrentId: torrents[1]!.id });
    await ownerApi.playlists.setCover({ id: secret.id, imageBase64: PNG.toString('base64') });

    const never = '00000000-0000-4000-8000-000000000000';
    const absent = await errorOf(otherApi.playlists.get({ id: never }));
    const hidden = await errorOf(otherApi.playlists.get({ id: secret.id }));
    expect(hidden.code).toBe('NOT_FOUND');
    expect(hidden.message).toBe(absent.message);
    for (const call of [
      () => otherApi.playlists.add({ playlistId: secret.id, torrentId: torrents[2]!.id }),
      () => otherApi.playlists.remove({ playlistId: secret.id, torrentId: torrents[0]!.id }),
      () => otherApi.playlists.move({ playlistId: secret.id, torrentId: torrents[0]!.id, direction: 'down' }),
      () => otherApi.playlists.update({ id: secret.id, name: 'mine now' }),
      () => otherApi.playlists.delete({ id: secret.id }),
      () => otherApi.playlists.setCover({ id: secret.id, imageBase64: PNG.toString('base64') }),
      () => otherApi.playlists.removeCover({ id: secret.id }),
    ]) {
      const error = await errorOf(call());
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toBe(absent.message);
    }
    expect(await codeOf(readPlaylistCover({ tenantId: tenant.id, viewer: other, playlistId: secret.id }))).toBe(`NOT_FOUND: ${absent.message}`);
    expect(await codeOf(downloadPlaylist({ tenantId: tenant.id, playlistId: secret.id, member: other, trackerBaseUrl: services.trackerBaseUrl }))).toBe(`NOT_FOUND: ${absent.message}`);
    expect((await otherApi.playlists.byMember({ username: owner.username })).map((playlist) => playlist.name)).toEqual([`Shared ${tenant.slug}`]);
    expect((await otherApi.playlists.list({ query: tenant.slug })).items.map((playlist) => playlist.name)).toEqual([`Shared ${tenant.slug}`]);
    // The owner sees both, everywhere that is theirs.
    expect((await ownerApi.playlists.byMember({ username: owner.username })).map((playlist) => playlist.name).sort()).toEqual([`Secret ${tenant.slug}`, `Shared ${tenant.slug}`]);
    expect((await ownerApi.playlists.get({ id: secret.id })).items).toHaveLength(1);
    expect((await readPlaylistCover({ tenantId: tenant.id, viewer: owner, playlistId: secret.id })).type).toBe('image/png');

    // A public playlist: others read it, its cover and its zip, but cannot change it.
    expect((await otherApi.playlists.get({ id: shared.id })).mine).toBe(false);
    const forbidden = await errorOf(otherApi.playlists.add({ playlistId: shared.id, torrentId: torrents[2]!.id }));
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(forbidden.message).toBe('only the owner of this playlist can change it');
    expect((await errorOf(otherApi.playlists.delete({ id: shared.id }))).code).toBe('FORBIDDEN');
    expect((await errorOf(otherApi.playlists.setCover({ id: shared.id, imageBase64: PNG.toString('base64') }))).code).toBe('FORBIDDEN');
  });

  it('keeps a cover only when its bytes are PNG, JPEG or WebP of at most 1 MiB', async () => {
    const { id } = await ownerApi.playlists.create({ name: 'Covers' });
    expect(await ownerApi.playlists.setCover({ id, imageBase64: JPEG.toString('base64') })).toEqual({ type: 'image/jpeg', size: JPEG.length });
    expect(await ownerApi.playlists.setCover({ id, imageBase64: WEBP.toString('base64') })).toEqual({ type: 'image/webp', size: WEBP.length });
    const html = await errorOf(ownerApi.playlists.setCover({ id, imageBase64: Buffer.from('<svg onload="alert(1)"></svg>').toString('base64') }));
    expect(html.code).toBe('BAD_REQUEST');
    expect(html.message).toBe("cover: must be a PNG, JPEG or WebP image (the file's contents are none of these, whatever its name says)");
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]);
    expect((await errorOf(ownerApi.playlists.setCover({ id, imageBase64: big.toString('base64') }))).message).toMatch(/must be at most 1 MiB/);
    expect((await errorOf(ownerApi.playlists.setCover({ id, imageBase64: '' }))).message).toBe('cover: the file is empty');
    expect((await errorOf(ownerApi.playlists.setCover({ id, imageBase64: 'not base64!' }))).message).toMatch(/imageBase64.*base64/s);
    // The refused uploads left the last good cover in place.
    const cover = await readPlaylistCover({ tenantId: tenant.id, viewer: other, playlistId: id });
    expect(cover.type).toBe('image/webp');
    expect(Buffer.from(cover.bytes).equals(WEBP)).toBe(true);
    await ownerApi.playlists.removeCover({ id });
    expect(await codeOf(readPlaylistCover({ tenantId: tenant.id, viewer: owner, playlistId: id }))).toBe('NOT_FOUND: this playlist has no cover');
  });

  it('keeps positions 0..n-1 when many adds, moves and removes race', async () => {
    const { id } = await ownerApi.playlists.create({ name: 'Race' });
    const extra = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const uploaded = await uploadTorrent({ tenant: { id: tenant.id, slug: tenant.slug, settings: {} }, uploaderId: owner.id, torrentFile: torrentFile(`race-${index}-${tenant.slug}`), trackerBaseUrl: services.trackerBaseUrl });
        await systemClient().torrent.update({ where: { id: uploaded.id }, data: { status: 'approved' } });
        return uploaded.id;
      }),
    );
    await Promise.all(extra.map((torrentId) => ownerApi.playlists.add({ playlistId: id, torrentId })));
    await Promise.all([
      ...extra.slice(0, 4).map((torrentId) => ownerApi.playlists.move({ playlistId: id, torrentId, direction: 'down' })),
      ...extra.slice(8, 11).map((torrentId) => ownerApi.playlists.remove({ playlistId: id, torrentId })),
      ...extra.slice(4, 8).map((torrentId) => ownerApi.playlists.move({ playlistId: id, torrentId, direction: 'up' })),
    ]);
    const positions = (await systemClient().playlistItem.findMany({ where: { playlistId: id }, select: { position: true } })).map((row) => row.position).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 9 }, (_, index) => index));
  });

  it('lists public playlists by newest or by most torrents, searched by words', async () => {
    const tag = randomBytes(3).toString('hex');
    const small = await ownerApi.playlists.create({ name: `Jazz ${tag}`, description: 'smoky' });
    await ownerApi.playlists.add({ playlistId: small.id, torrentId: torrents[0]!.id });
    const big = await otherApi.playlists.create({ name: `Rock ${tag}` });
    for (const torrent of torrents.slice(0, 3)) await otherApi.playlists.add({ playlistId: big.id, torrentId: torrent.id });
    await otherApi.playlists.create({ name: `Private rock ${tag}`, isPublic: false });
    expect((await ownerApi.playlists.list({ query: tag, sort: 'newest' })).items.map((playlist) => playlist.name)).toEqual([`Rock ${tag}`, `Jazz ${tag}`]);
    const most = await ownerApi.playlists.list({ query: tag, sort: 'most-torrents' });
    expect(most.items.map((playlist) => `${playlist.name}=${playlist.torrentCount}`)).toEqual([`Rock ${tag}=3`, `Jazz ${tag}=1`]);
    expect(most.total).toBe(2);
    expect((await ownerApi.playlists.list({ query: `smoky ${tag}` })).items.map((playlist) => playlist.name)).toEqual([`Jazz ${tag}`]);
    expect((await errorOf(ownerApi.playlists.list({ sort: 'best' as 'newest' }))).message).toMatch(/"sort"[\s\S]*must be \\"newest\\" or \\"most-torrents\\"/);
  });

  it('zips the member\'s own .torrent files in playlist order, refused like a single download', async () => {
    const { id } = await ownerApi.playlists.create({ name: 'Zip me' });
    for (const torrent of [torrents[3]!, torrents[1]!]) await ownerApi.playlists.add({ playlistId: id, torrentId: torrent.id });
    const zip = await downloadPlaylist({ tenantId: tenant.id, playlistId: id, member: other, trackerBaseUrl: services.trackerBaseUrl });
    expect(zip.fileName).toBe('Zip me.zip');
    const dir = mkdtempSync(join(tmpdir(), 'playlist-zip-'));
    try {
      writeFileSync(join(dir, 'all.zip'), zip.bytes);
      execFileSync('unzip', ['-tq', 'all.zip'], { cwd: dir }); // CRCs and structure, by Info-ZIP
      execFileSync('unzip', ['-q', 'all.zip', '-d', 'out'], { cwd: dir });
      const names = readdirSync(join(dir, 'out')).sort();
      expect(names).toEqual(['01 Delta.Show.S01.torrent', '02 Bravo.Linux.ISO.torrent']);
      for (const name of names) {
        const bytes = readFileSync(join(dir, 'out', name));
        expect(bytes.toString('latin1')).toContain(other.passkey);
        expect(bytes.toString('latin1')).not.toContain(owner.passkey);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    await systemClient().member.update({ where: { id: other.id }, data: { emailVerifiedAt: null } });
    expect(await codeOf(downloadPlaylist({ tenantId: tenant.id, playlistId: id, member: other, trackerBaseUrl: services.trackerBaseUrl }))).toMatch(/^FORBIDDEN: confirm your e-mail address before you download torrents/);
    await systemClient().member.update({ where: { id: other.id }, data: { emailVerifiedAt: new Date() } });

    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: { hitAndRun: { enabled: true, maxActiveWarnings: 1 } } } });
    const now = Date.now();
    await systemClient().hitAndRunWarning.create({
      data: {
        tenantId: tenant.id, memberId: other.id, torrentId: torrents[0]!.id, completedAt: new Date(now - 20 * 86_400_000), deadlineAt: new Date(now - 6 * 86_400_000),
        seedSeconds: 0n, requiredSeedSeconds: 3600n, uploadedBytes: 0n, downloadedBytes: 1000n, minRatio: 1, issuedAt: new Date(now - 86_400_000), expiresAt: new Date(now + 86_400_000),
      },
    });
    expect(await codeOf(downloadPlaylist({ tenantId: tenant.id, playlistId: id, member: other, trackerBaseUrl: services.trackerBaseUrl }))).toMatch(/^FORBIDDEN: downloads disabled: 1 active hit-and-run warning/);
    await systemClient().tenant.update({ where: { id: tenant.id }, data: { settings: {} } });
  });
});
