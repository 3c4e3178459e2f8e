// Moderation and comments through the site's API write outbox events in their own
// transactions; the background worker (apps/worker, started here as a process) turns
// them into the uploader's notifications and the general room's system message, stored
// and published on the emitter's channels, which a real Redis subscriber watches.
import { randomBytes } from 'node:crypto';
import type { ApiServices } from '@swarmhost/api';
import { forTenant } from '@swarmhost/db';
import { systemClient } from '@swarmhost/db/system';
import { gatewayRooms } from '@swarmhost/events';
import { realtimeClusterNames } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newTenant, REDIS_URL, siteServices, signedInMember, torrentBase64 } from './support/site';
import { deleteQueueKeys, startWorkerProcess, type WorkerProcess } from './support/worker-process';

const runId = randomBytes(4).toString('hex');
const ADAPTER_KEY = `live-publish-test-${runId}`;
const QUEUE_PREFIX = `test-web-worker-${runId}`;
let services: ApiServices;
let reader: Redis;
let worker: WorkerProcess | undefined;
const STREAM = realtimeClusterNames(ADAPTER_KEY).streamName;

beforeAll(async () => {
  services = siteServices({ REALTIME_ADAPTER_KEY: ADAPTER_KEY });
  reader = new Redis(REDIS_URL);
});
afterAll(async () => {
  await worker?.stop();
  await deleteQueueKeys(services.redis, QUEUE_PREFIX);
  await reader.del(STREAM);
  services.redis.disconnect();
  reader.disconnect();
});

/** Waits for a broadcast to one room: an entry of the gateways' stream (the emitters' wire format). */
async function publishedTo(room: string, containing: string): Promise<string> {
  let seen: string[] = [];
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const entries = await reader.xrange(STREAM, '-', '+');
    const broadcasts = entries.map(([, fields]) => fields[fields.indexOf('data') + 1] ?? '');
    seen = broadcasts.flatMap((data) => (JSON.parse(data) as { opts: { rooms: string[] } }).opts.rooms);
    const hit = broadcasts.find((data) => (JSON.parse(data) as { opts: { rooms: string[] } }).opts.rooms.includes(room) && data.includes(JSON.stringify(containing).slice(1, -1)));
    if (hit !== undefined) return hit;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing containing "${containing}" was broadcast to ${room}; saw rooms ${seen.join(', ')}`);
}

describe('moderation and comments through the outbox and the worker', () => {
  it('keeps the events with the change while no worker runs, then the worker notifies the uploader and posts the approval in the general room', async () => {
    const tenant = await newTenant({ moderationRequired: true });
    const staff = await signedInMember(services, tenant, { role: 'staff' });
    const uploader = await signedInMember(services, tenant);
    const good = await uploader.api.torrents.upload({ fileBase64: torrentBase64('live-approved-upload') });
    const bad = await uploader.api.torrents.upload({ fileBase64: torrentBase64('live-rejected-upload') });
    const memberRoom = gatewayRooms.member(tenant.id, uploader.id);

    await staff.api.staff.approve({ torrentId: good.id });
    await staff.api.staff.reject({ torrentId: bad.id, reason: 'no sample included' });
    await staff.api.torrents.comment({ torrentId: good.id, body: 'thanks for this' });
    const pending = await systemClient().outboxEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { id: 'asc' }, select: { topic: true, processedAt: true } });
    expect(pending).toEqual([
      // The approval also re-indexes the torrent for search (the rejection has nothing to index).
      { topic: 'search.torrent-changed', processedAt: null },
      { topic: 'torrent.moderated', processedAt: null },
      { topic: 'torrent.moderated', processedAt: null },
      { topic: 'comment.posted', processedAt: null },
    ]);
    expect(await forTenant(tenant.id).notification.count()).toBe(0);

    worker = await startWorkerProcess({ urls: inject('databaseUrls'), redisUrl: REDIS_URL, queuePrefix: QUEUE_PREFIX, adapterKey: ADAPTER_KEY });
    expect((await publishedTo(memberRoom, 'torrent.approved')).includes('live-approved-upload')).toBe(true);
    const general = await forTenant(tenant.id).chatRoom.findUnique({ where: { tenantId_slug: { tenantId: tenant.id, slug: 'general' } }, select: { id: true } });
    await publishedTo(gatewayRooms.chat(tenant.id, general!.id), 'torrent "live-approved-upload" approved');
    expect((await publishedTo(memberRoom, 'torrent.rejected')).includes('no sample included')).toBe(true);
    expect((await publishedTo(memberRoom, 'torrent.comment')).includes(staff.username)).toBe(true);

    const stored = await forTenant(tenant.id).notification.findMany({ where: { memberId: uploader.id }, select: { kind: true } });
    expect(stored.map((row) => row.kind).sort()).toEqual(['torrent.approved', 'torrent.comment', 'torrent.rejected']);
    const messages = await forTenant(tenant.id).chatMessage.findMany({ where: { roomId: general!.id }, select: { body: true, authorId: true } });
    expect(messages).toEqual([{ body: 'torrent "live-approved-upload" approved', authorId: null }]);
    expect(await systemClient().outboxEvent.count({ where: { tenantId: tenant.id, processedAt: null } })).toBe(0);

    // The notifications page's list and "mark all read" (the badge of open tabs follows live).
    const listed = await uploader.api.account.notifications();
    expect(listed.unread).toBe(3);
    expect(listed.notifications.map((notification) => notification.kind).sort()).toEqual(['torrent.approved', 'torrent.comment', 'torrent.rejected']);
    expect(await uploader.api.account.markNotificationsRead({})).toEqual({ unread: 0 });
    await publishedTo(memberRoom, 'notification:unread');
    expect((await uploader.api.account.notifications()).notifications.every((notification) => notification.readAt !== null)).toBe(true);
  });

  it('writes no event when the decision fails', async () => {
    const tenant = await newTenant({ moderationRequired: true });
    const staff = await signedInMember(services, tenant, { role: 'staff' });
    const uploader = await signedInMember(services, tenant);
    const upload = await uploader.api.torrents.upload({ fileBase64: torrentBase64() });
    await expect(staff.api.staff.reject({ torrentId: upload.id, reason: 'x' })).rejects.toThrow(/give a reason/);
    await staff.api.staff.deleteTorrent({ torrentId: upload.id, reason: 'duplicate upload' });
    await expect(staff.api.staff.approve({ torrentId: upload.id })).rejects.toThrow(/does not exist/);
    expect(await systemClient().outboxEvent.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
