// Shared fixtures for the domain's integration tests: a Redis connection, tenants
// created through createTenant, members, and small valid .torrent files.
import { createHash, randomBytes } from 'node:crypto';
import { encode } from '@swarmhost/bittorrent/bencode';
import { parseEnv, redisShape } from '@swarmhost/config';
import { systemClient } from '@swarmhost/db/system';
import { Redis } from 'ioredis';
import { createTenant, type Mail, type MailTransport } from '../src/index';

export const redis = new Redis(parseEnv(redisShape).REDIS_URL, { lazyConnect: false });
export const TRACKER = 'http://tracker.test:6969';
export const limits = { perAccount: 3, perIp: 50, windowSeconds: 60 };

export function memoryMail(): MailTransport & { sent: Mail[] } {
  const sent: Mail[] = [];
  return { sent, send: async (mail) => void sent.push(mail) };
}

export function uniqueIp(): string {
  const bytes = randomBytes(3);
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

export async function newTenant(settings: Record<string, unknown> = {}) {
  const slug = `t-${randomBytes(4).toString('hex')}`;
  const tenant = await createTenant({ db: systemClient(), slug, name: `Tenant ${slug}`, settings });
  return { ...tenant, settings };
}

export function makeTorrent(name = `file-${randomBytes(4).toString('hex')}.bin`): Uint8Array {
  const length = 40_000;
  const pieceLength = 16_384;
  const pieces = Buffer.concat(
    Array.from({ length: Math.ceil(length / pieceLength) }, (_, index) => createHash('sha1').update(`${name}${index}`).digest()),
  );
  return new Uint8Array(encode({ announce: 'http://example.invalid/announce', info: { length, name, 'piece length': pieceLength, pieces } }));
}
