// torrent:add with a real .torrent made by Debian's mktorrent, checked with
// transmission-show; bench:seed; and the CLI as a real process (exit codes).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMetainfo } from '@swarmhost/bittorrent/metainfo';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, spawnCli, uniqueSlug } from './helpers';

const workDir = mkdtempSync(join(tmpdir(), 'swarmhost-cli-'));

function makeTorrent(name: string): string {
  const content = join(workDir, name);
  writeFileSync(content, randomBytes(200_000));
  const torrent = `${content}.torrent`;
  execFileSync('mktorrent', ['-a', 'http://public.example/announce', '-l', '15', '-o', torrent, content], { stdio: 'ignore' });
  return torrent;
}

function transmissionHash(file: string): string {
  const output = execFileSync('transmission-show', [file], { encoding: 'utf8' });
  const match = /Hash(?: v1)?: ([0-9a-f]{40})/.exec(output);
  if (!match?.[1]) throw new Error(`no hash in transmission-show output:\n${output}`);
  return match[1];
}

interface AddJson { torrent: { infoHash: string; originalInfoHash: string; out: string | null; status: string } }

describe('torrent:add', () => {
  let slug: string;
  let passkey: string;
  beforeAll(async () => {
    slug = uniqueSlug('torrents');
    await cliJson('tenant:create', '--slug', slug, '--name', 'Torrents');
    const member = await cliJson<{ member: { passkey: string } }>(
      'user:create', '--tenant', slug, '--username', 'uploader', '--email', 'up@example.test', '--password', 'correct horse',
    );
    passkey = member.member.passkey;
  });

  it('registers a mktorrent file; the printed hash is what transmission-show reads from the rewritten file', async () => {
    const source = makeTorrent('movie.mkv');
    const out = join(workDir, 'personal.torrent');
    const added = await cliJson<AddJson>('torrent:add', '--tenant', slug, '--file', source, '--uploader', 'uploader', '--category', 'movies', '--out', out);
    expect(added.torrent.status).toBe('approved');
    expect(added.torrent.originalInfoHash).toBe(transmissionHash(source));
    expect(added.torrent.infoHash).not.toBe(added.torrent.originalInfoHash);
    expect(transmissionHash(out)).toBe(added.torrent.infoHash);

    const personal = parseMetainfo(readFileSync(out));
    expect(personal.private).toBe(true);
    expect(personal.source).toBe(slug);
    expect(personal.announce).toMatch(new RegExp(`/${passkey}/announce$`));

    const again = await cli('torrent:add', '--tenant', slug, '--file', source, '--uploader', 'uploader');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('already registered in this tenant');
    expect(again.stderr).toContain(added.torrent.infoHash);
  });

  it('refuses an invalid .torrent, a missing file, an unknown uploader and category', async () => {
    const garbage = join(workDir, 'garbage.torrent');
    writeFileSync(garbage, 'd8:announce3:abce');
    const invalid = await cli('torrent:add', '--tenant', slug, '--file', garbage, '--uploader', 'uploader');
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stderr).toMatch(/invalid \.torrent: .*info/);

    expect((await cli('torrent:add', '--tenant', slug, '--file', join(workDir, 'nope.torrent'), '--uploader', 'uploader')).stderr).toMatch(
      /cannot read --file .*nope\.torrent: no such file/,
    );
    const source = makeTorrent('other.bin');
    expect((await cli('torrent:add', '--tenant', slug, '--file', source, '--uploader', 'ghost')).stderr).toContain(
      `no member "ghost" in tenant "${slug}"`,
    );
    expect((await cli('torrent:add', '--tenant', slug, '--file', source, '--uploader', 'uploader', '--category', 'opera')).stderr).toMatch(
      /no category "opera" .*movies/,
    );
  });

  it('lets the same .torrent be registered in two tenants, with different hashes', async () => {
    const otherSlug = uniqueSlug('second');
    await cliJson('tenant:create', '--slug', otherSlug, '--name', 'Second');
    await cliJson('user:create', '--tenant', otherSlug, '--username', 'uploader', '--email', 'up@example.test', '--password', 'correct horse');
    const source = makeTorrent('shared.iso');
    const first = await cliJson<AddJson>('torrent:add', '--tenant', slug, '--file', source, '--uploader', 'uploader');
    const second = await cliJson<AddJson>('torrent:add', '--tenant', otherSlug, '--file', source, '--uploader', 'uploader');
    expect(first.torrent.infoHash).not.toBe(second.torrent.infoHash);
  });
});

describe('bench:seed', () => {
  it('bulk-creates members and torrents and writes their passkeys and hashes', async () => {
    const slug = uniqueSlug('bench');
    await cliJson('tenant:create', '--slug', slug, '--name', 'Bench');
    const out = join(workDir, 'seed.json');
    const result = await cliJson<{ members: number; torrents: number }>('bench:seed', '--tenant', slug, '--users', '120', '--torrents', '1500', '--out', out);
    expect(result).toMatchObject({ members: 120, torrents: 1500 });
    const seed = JSON.parse(readFileSync(out, 'utf8')) as { trackerUrl: string; passkeys: string[]; infoHashes: string[] };
    expect(seed.passkeys).toHaveLength(120);
    expect(new Set(seed.infoHashes).size).toBe(1500);
    expect(seed.infoHashes.every((hash) => /^[0-9a-f]{40}$/.test(hash))).toBe(true);
    const listed = await cliJson<{ tenants: { slug: string; members: number; torrents: number }[] }>('tenant:list');
    expect(listed.tenants.find((tenant) => tenant.slug === slug)).toMatchObject({ members: 120, torrents: 1500 });
    expect((await cli('bench:seed', '--tenant', slug, '--users', 'many', '--torrents', '1', '--out', out)).stderr).toMatch(/--users: must be a number/);
  });
});

describe('the CLI as a process', () => {
  it('exits 0 with JSON on success and 1 with a message on bad input', async () => {
    const slug = uniqueSlug('process');
    const ok = await spawnCli('tenant:create', '--slug', slug, '--name', 'Process', '--json');
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, tenant: { slug } });
    const bad = await spawnCli('tenant:create', '--slug', slug, '--name', 'Process');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe(`error: a tenant with slug "${slug}" already exists\n`);
  });
});
