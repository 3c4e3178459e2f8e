// Web seeds in uploads (issue #16, item 11): an uploader's url-list/httpseeds would make
// every downloader's client connect to the uploader's server. They are dropped from the
// stored copy and from downloads (torrents stored earlier too) unless the tenant's
// allowWebSeeds setting keeps them; the info hash is the same either way.
import { createHash, randomBytes } from 'node:crypto';
import { decode, encode, type BencodeDict } from '@swarmhost/bittorrent/bencode';
import { parseMetainfo } from '@swarmhost/bittorrent/metainfo';
import { systemClient } from '@swarmhost/db/system';
import { afterAll, describe, expect, it } from 'vitest';
import { downloadTorrent, uploadTorrent } from '../src/index';
import { newTenant, redis, TRACKER } from './helpers';

afterAll(() => redis.quit());

function torrentWithWebSeeds(): Uint8Array {
  const name = `seeded-${randomBytes(4).toString('hex')}.bin`;
  const pieces = Buffer.concat([0, 1, 2].map((index) => createHash('sha1').update(`${name}${index}`).digest()));
  return new Uint8Array(
    encode({
      announce: 'http://example.invalid/announce',
      'url-list': ['http://uploader.example/files/'],
      httpseeds: ['http://uploader.example/seed'],
      info: { length: 40_000, name, 'piece length': 16_384, pieces },
    }),
  );
}

async function verifiedMember(tenantId: string) {
  const username = `u${randomBytes(4).toString('hex')}`;
  return systemClient().member.create({
    data: { tenantId, username, email: `${username}@x.org`, passwordHash: 'x', passkey: randomBytes(16).toString('hex'), rssKey: randomBytes(16).toString('hex'), emailVerifiedAt: new Date() },
    select: { id: true, role: true, passkey: true },
  });
}

const webSeedKeys = (bytes: Uint8Array) => Object.keys(decode(bytes) as BencodeDict).filter((key) => key === 'url-list' || key === 'httpseeds');

describe('web seeds', () => {
  it('are dropped from uploads and downloads by default, with the same info hash', async () => {
    const tenant = await newTenant();
    const member = await verifiedMember(tenant.id);
    const uploaded = await uploadTorrent({ tenant, uploaderId: member.id, torrentFile: torrentWithWebSeeds(), trackerBaseUrl: TRACKER });
    const stored = await systemClient().torrent.findUniqueOrThrow({ where: { id: uploaded.id }, select: { torrentFile: true } });
    expect(webSeedKeys(stored.torrentFile)).toEqual([]);
    const download = await downloadTorrent({ tenantId: tenant.id, torrentId: uploaded.id, member, trackerBaseUrl: TRACKER });
    expect(webSeedKeys(download.bytes)).toEqual([]);
    expect(parseMetainfo(download.bytes).infoHash).toBe(uploaded.infoHash);
  });

  it('are dropped from downloads of a torrent stored with them before', async () => {
    const tenant = await newTenant();
    const member = await verifiedMember(tenant.id);
    const uploaded = await uploadTorrent({ tenant, uploaderId: member.id, torrentFile: torrentWithWebSeeds(), trackerBaseUrl: TRACKER });
    // As an older version stored it: the rewrite with the web seeds still in.
    const stored = await systemClient().torrent.findUniqueOrThrow({ where: { id: uploaded.id }, select: { torrentFile: true } });
    const old = encode({ ...(decode(stored.torrentFile) as BencodeDict), 'url-list': ['http://uploader.example/files/'] });
    await systemClient().torrent.update({ where: { id: uploaded.id }, data: { torrentFile: new Uint8Array(old) } });
    const download = await downloadTorrent({ tenantId: tenant.id, torrentId: uploaded.id, member, trackerBaseUrl: TRACKER });
    expect(webSeedKeys(download.bytes)).toEqual([]);
    expect(parseMetainfo(download.bytes).infoHash).toBe(uploaded.infoHash);
  });

  it('are kept where the tenant allows them', async () => {
    const tenant = await newTenant({ allowWebSeeds: true });
    const member = await verifiedMember(tenant.id);
    const uploaded = await uploadTorrent({ tenant, uploaderId: member.id, torrentFile: torrentWithWebSeeds(), trackerBaseUrl: TRACKER });
    const download = await downloadTorrent({ tenantId: tenant.id, torrentId: uploaded.id, member, trackerBaseUrl: TRACKER });
    expect(webSeedKeys(download.bytes).sort()).toEqual(['httpseeds', 'url-list']);
    expect(parseMetainfo(download.bytes).webSeeds).toEqual(['http://uploader.example/files/']);
    expect(parseMetainfo(download.bytes).infoHash).toBe(uploaded.infoHash);
  });
});
