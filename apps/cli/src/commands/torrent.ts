// torrent:add: registers a .torrent file as approved and optionally writes the
// uploader's personalised copy.
import { readFile, writeFile } from 'node:fs/promises';
import { personalise } from '@swarmhost/bittorrent/metainfo';
import { AppError, announceUrl, findMemberByUsername, registerTorrent } from '@swarmhost/domain';
import { z } from 'zod';
import { defineCommand } from '../command';
import { cliEnv, db, publisher } from '../context';

const required = () => z.string({ message: 'is required' });

export const torrentAdd = defineCommand({
  name: 'torrent:add',
  summary: 'register a .torrent as approved; prints the rewritten info hash',
  usage: '--tenant S --file X.torrent --uploader U [--category C] [--name N] [--out personal.torrent]',
  options: z.object({
    tenant: required(),
    file: required(),
    uploader: required(),
    category: z.string().optional(),
    name: z.string().optional(),
    out: z.string().optional(),
  }),
  async run(options) {
    const client = db();
    const { tenant, member } = await findMemberByUsername(client, options.tenant, options.uploader);
    const bytes = await readTorrentFile(options.file);
    const categoryId = options.category ? await findCategoryId(options.tenant, tenant.id, options.category) : undefined;
    const trackerBaseUrl = cliEnv().PUBLIC_TRACKER_URL;
    const torrent = await registerTorrent({
      db: client,
      publisher: publisher(),
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      uploaderId: member.id,
      torrentFile: bytes,
      trackerBaseUrl,
      status: 'approved',
      ...(categoryId ? { categoryId } : {}),
      ...(options.name ? { name: options.name } : {}),
    });
    if (options.out) {
      await writeFile(options.out, personalise(torrent.torrentFile, announceUrl(trackerBaseUrl, member.passkey), { keepWebSeeds: torrent.webSeedsKept }));
    }
    const lines = [
      `registered "${torrent.name}" in ${tenant.slug} (approved)`,
      `  info hash:          ${torrent.infoHash}`,
      `  original info hash: ${torrent.originalInfoHash}`,
      `  size:               ${torrent.size} bytes`,
    ];
    if (options.out) lines.push(`  personal .torrent:  ${options.out}`);
    return {
      data: {
        torrent: {
          id: torrent.id,
          infoHash: torrent.infoHash,
          originalInfoHash: torrent.originalInfoHash,
          name: torrent.name,
          size: Number(torrent.size),
          status: torrent.status,
          out: options.out ?? null,
        },
      },
      text: lines.join('\n'),
    };
  },
});

async function readTorrentFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new AppError('BAD_REQUEST', `cannot read --file ${path}: ${reason}`);
  }
}

async function findCategoryId(tenantSlug: string, tenantId: string, category: string): Promise<string> {
  const categories = await db().category.findMany({ where: { tenantId }, select: { id: true, name: true, slug: true } });
  const wanted = category.toLowerCase();
  const match = categories.find((row) => row.slug === wanted || row.name.toLowerCase() === wanted);
  if (!match) {
    const known = categories.map((row) => row.slug).join(', ') || 'none';
    throw new AppError('NOT_FOUND', `no category "${category}" in tenant "${tenantSlug}" (categories: ${known})`);
  }
  return match.id;
}
