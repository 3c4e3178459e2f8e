// Moderation and comments publish live through the site's own emitter (createApiServices):
// a real Redis subscriber on the emitter's channels sees the uploader's notification and
// the general room's system message; a broken emitter never fails the moderation action.
import { randomBytes } from 'node:crypto';
import type { ApiServices } from '@swarmhost/api';
import { forTenant } from '@swarmhost/db';
import { gatewayRooms } from '@swarmhost/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTenant, REDIS_URL, siteServices, signedInMember, torrentBase64 } from './support/site';

const ADAPTER_KEY = `live-publish-test-${randomBytes(4).toString('hex')}`;
let services: ApiServices;
let subscriber: Redis;
const published: { channel: string; message: Buffer }[] = [];

beforeAll(async () => {
  services = siteServices({ REALTIME_ADAPTER_KEY: ADAPTER_KEY });
  subscriber = new Redis(REDIS_URL);
  subscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => published.push({ channel: channel.toString(), message }));
  await subscriber.psubscribe(`${ADAPTER_KEY}#*`);
});
afterAll(() => {
  services.redis.disconnect();
  subscriber.disconnect();
});

/** Waits for a message published to one room (the emitter's channel is key#/#room#). */
async function publishedTo(room: string, containing: string): Promise<Buffer> {
  const channel = `${ADAPTER_KEY}#/#${room}#`;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const hit = published.find((entry) => entry.channel === channel && entry.message.includes(containing));
    if (hit) return hit.message;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing containing "${containing}" was published to ${room}; saw ${published.map((entry) => entry.channel).join(', ')}`);
}

describe('live publishing from moderation and comments', () => {
  it('notifies the uploader on approve, reject (with the reason) and a comment, and posts the approval in the general room', async () => {
    const tenant = await newTenant({ moderationRequired: true });
    const staff = await signedInMember(services, tenant, { role: 'staff' });
    const uploader = await signedInMember(services, tenant);
    const good = await uploader.api.torrents.upload({ fileBase64: torrentBase64('live-approved-upload') });
    const bad = await uploader.api.torrents.upload({ fileBase64: torrentBase64('live-rejected-upload') });
    const memberRoom = gatewayRooms.member(tenant.id, uploader.id);

    await staff.api.staff.approve({ torrentId: good.id });
    expect((await publishedTo(memberRoom, 'torrent.approved')).includes('live-approved-upload')).toBe(true);
    const general = await forTenant(tenant.id).chatRoom.findUnique({ where: { tenantId_slug: { tenantId: tenant.id, slug: 'general' } }, select: { id: true } });
    await publishedTo(gatewayRooms.chat(tenant.id, general!.id), 'torrent "live-approved-upload" approved');

    await staff.api.staff.reject({ torrentId: bad.id, reason: 'no sample included' });
    expect((await publishedTo(memberRoom, 'torrent.rejected')).includes('no sample included')).toBe(true);

    await staff.api.torrents.comment({ torrentId: good.id, body: 'thanks for this' });
    expect((await publishedTo(memberRoom, 'torrent.comment')).includes(staff.username)).toBe(true);

    const stored = await forTenant(tenant.id).notification.findMany({ where: { memberId: uploader.id }, select: { kind: true } });
    expect(stored.map((row) => row.kind).sort()).toEqual(['torrent.approved', 'torrent.comment', 'torrent.rejected']);

    // The notifications page's list and "mark all read" (the badge of open tabs follows live).
    const listed = await uploader.api.account.notifications();
    expect(listed.unread).toBe(3);
    expect(listed.notifications.map((notification) => notification.kind)).toEqual(['torrent.comment', 'torrent.rejected', 'torrent.approved']);
    expect(await uploader.api.account.markNotificationsRead({})).toEqual({ unread: 0 });
    await publishedTo(memberRoom, 'notification:unread');
    expect((await uploader.api.account.notifications()).notifications.every((notification) => notification.readAt !== null)).toBe(true);
  });

  it('approves and rejects even when publishing fails', async () => {
    const broken: ApiServices = {
      ...services,
      liveEmitter: {
        to() {
          throw new Error('redis is down');
        },
      },
    };
    const tenant = await newTenant({ moderationRequired: true });
    const staff = await signedInMember(broken, tenant, { role: 'staff' });
    const uploader = await signedInMember(broken, tenant);
    const first = await uploader.api.torrents.upload({ fileBase64: torrentBase64() });
    const second = await uploader.api.torrents.upload({ fileBase64: torrentBase64() });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await staff.api.staff.approve({ torrentId: first.id });
      await staff.api.staff.reject({ torrentId: second.id, reason: 'duplicate' });
    } finally {
      console.error = original;
    }
    expect(await uploader.api.torrents.get({ id: first.id })).toMatchObject({ status: 'approved' });
    expect(await uploader.api.torrents.get({ id: second.id })).toMatchObject({ status: 'rejected', statusReason: 'duplicate' });
    expect(errors.length).toBeGreaterThan(0);
  });
});
