// Freeleech tokens (issue 11) through tRPC: a token bought in the store is spent on one
// torrent, once; refusals say why and cost nothing; concurrent uses of the last token
// spend it once; the tracker hears a member invalidation.
import { withTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { bookPoints } from '@swarmhost/domain';
import { newTenant, newTorrent } from '@swarmhost/domain/testing/fixtures';
import { decodeInvalidation, INVALIDATION_CHANNEL } from '@swarmhost/events';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { apiServices, errorOf, newMemberOf, redis, signedInOn } from './support/api-harness';

const services = apiServices();
const PASSWORD = 'freeleech token password';
const subscriber = new Redis(redis.options);
afterAll(() => subscriber.quit());

async function memberWithTokens(tenant: { id: string; slug: string }, tokens: number) {
  const member = await newMemberOf(tenant, 'member', PASSWORD);
  if (tokens > 0) await systemClient().member.update({ where: { id: member.id }, data: { freeleechTokens: tokens } });
  const api = await signedInOn({ services, tenant, account: member, password: PASSWORD, ip: '127.0.0.61' });
  return { member, api };
}

const tokensOf = async (memberId: string) =>
  (await systemClient().member.findUniqueOrThrow({ where: { id: memberId }, select: { freeleechTokens: true } })).freeleechTokens;

describe('freeleech tokens', () => {
  it('buys a token in the store, spends it on one torrent, and tells the tracker', async () => {
    const tenant = await newTenant('fltoken');
    const { member, api } = await memberWithTokens(tenant, 0);
    await withTenant(tenant.id, (tx) => bookPoints(tx, { tenantId: tenant.id, memberId: member.id, amount: 5000, reason: 'staff_adjustment' }));
    const torrent = await newTorrent(tenant);

    const none = await errorOf(api.torrents.useFreeleechToken({ torrentId: torrent.id }));
    expect([none.code, none.message]).toEqual(['BAD_REQUEST', 'you have no freeleech tokens left: buy one in the bonus store']);
    expect(await api.torrents.freeleechToken({ torrentId: torrent.id })).toEqual({ usedAt: null, completed: false });

    const tokenItem = (await api.bonus.store()).find((item) => item.kind === 'freeleech_token');
    expect(tokenItem).toBeDefined();
    await api.bonus.buy({ itemId: tokenItem!.id });
    const bought = await tokensOf(member.id);
    expect(bought).toBeGreaterThan(0);

    await subscriber.subscribe(INVALIDATION_CHANNEL);
    const heard: unknown[] = [];
    const listener = (_channel: string, raw: string) => heard.push(decodeInvalidation(raw));
    subscriber.on('message', listener);
    try {
      const used = await api.torrents.useFreeleechToken({ torrentId: torrent.id });
      expect(used.tokensLeft).toBe(bought - 1);
      await expect.poll(() => heard).toContainEqual(expect.objectContaining({ kind: 'member', tenantId: tenant.id, memberId: member.id }));
    } finally {
      subscriber.off('message', listener);
      await subscriber.unsubscribe(INVALIDATION_CHANNEL);
    }
    expect((await api.torrents.freeleechToken({ torrentId: torrent.id })).usedAt).not.toBeNull();

    const twice = await errorOf(api.torrents.useFreeleechToken({ torrentId: torrent.id }));
    expect([twice.code, twice.message]).toEqual(['CONFLICT', 'you already used a freeleech token on this torrent']);
    expect(await tokensOf(member.id)).toBe(bought - 1);
  });

  it('refuses a torrent that is freeleech already, one already completed, and one of another tenant, spending nothing', async () => {
    const tenant = await newTenant('fltokenno');
    const other = await newTenant('fltokenother');
    const { member, api } = await memberWithTokens(tenant, 3);
    const free = await newTorrent(tenant);
    await systemClient().torrent.update({ where: { id: free.id }, data: { freeleechPercent: 100 } });
    const done = await newTorrent(tenant);
    await systemClient().snatch.create({ data: { tenantId: tenant.id, memberId: member.id, torrentId: done.id } });
    const foreign = await newTorrent(other);

    expect((await errorOf(api.torrents.useFreeleechToken({ torrentId: free.id }))).message).toBe(
      'this torrent is already freeleech for everyone: keep your token',
    );
    expect(await api.torrents.freeleechToken({ torrentId: done.id })).toEqual({ usedAt: null, completed: true });
    expect((await errorOf(api.torrents.useFreeleechToken({ torrentId: done.id }))).message).toBe(
      'you have already completed this download: a token would not change anything',
    );
    expect((await errorOf(api.torrents.useFreeleechToken({ torrentId: foreign.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(api.torrents.useFreeleechToken({ torrentId: 'not-a-torrent' }))).message).toMatch(/torrentId/);
    expect(await tokensOf(member.id)).toBe(3);
    expect(await systemClient().freeleechToken.count({ where: { memberId: member.id } })).toBe(0);
  });

  it('spends the last token once when it is used on many torrents at the same moment', async () => {
    const tenant = await newTenant('fltokenrace');
    const { member, api } = await memberWithTokens(tenant, 2);
    const torrents = await Promise.all(Array.from({ length: 8 }, () => newTorrent(tenant)));

    const results = await Promise.allSettled(torrents.map((torrent) => api.torrents.useFreeleechToken({ torrentId: torrent.id })));
    const won = results.filter((result) => result.status === 'fulfilled');
    expect(won).toHaveLength(2);
    for (const result of results) {
      if (result.status === 'rejected') expect(String(result.reason)).toMatch(/no freeleech tokens left/);
    }
    expect(await tokensOf(member.id)).toBe(0);
    expect(await systemClient().freeleechToken.count({ where: { memberId: member.id } })).toBe(2);
  });

  it('spends one token when the same torrent is asked for twice at once', async () => {
    const tenant = await newTenant('fltokensame');
    const { member, api } = await memberWithTokens(tenant, 5);
    const torrent = await newTorrent(tenant);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => api.torrents.useFreeleechToken({ torrentId: torrent.id })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await tokensOf(member.id)).toBe(4);
  });
});
