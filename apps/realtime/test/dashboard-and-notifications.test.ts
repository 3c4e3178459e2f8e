// Dashboards: the tracker's per-tenant stats (server-side emits with publishTenantStats,
// as the tracker sends them) become one point per second for that tenant's staff and for
// operators on every gateway, kept 15 minutes for a dashboard that opens later. Notifications from the
// web's moderation and comment code reach the member live and stay stored.
import { Emitter } from '@socket.io/redis-emitter';
import { notifyCommentOnUpload, notifyTorrentApproved, notifyTorrentRejected } from '@swarmhost/domain';
import {
  DASHBOARD_POINT_EVENT,
  DASHBOARD_TICK_EVENT,
  GATEWAY_REQUESTS,
  NOTIFICATION_COUNT_EVENT,
  NOTIFICATION_EVENT,
  publishTenantStats,
  type DashboardPoint,
  type DashboardTick,
  type NotificationPush,
  type NotificationView,
  type TenantAnnounceStats,
} from '@swarmhost/events';
import { createEmitter } from '@swarmhost/events/emitter';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connect, connectAs, nextEvent, ok, pause, record, tokenFor } from './support/clients';
import { newMember, newTenant, newTorrent } from './support/fixtures';
import { redisNames, REDIS_URL, startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateways: GatewayProcess[];
let redis: Redis;
let emitter: Emitter;

beforeAll(async () => {
  gateways = await Promise.all([startGatewayProcess('dashboard'), startGatewayProcess('dashboard')]);
  redis = new Redis(REDIS_URL);
  emitter = new Emitter(redis, { key: redisNames('dashboard').adapterKey });
});
afterAll(async () => {
  closeAllSockets();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  redis.disconnect();
});

const port = (index: number) => gateways[index]?.port ?? 0;

describe('dashboards', () => {
  it("turns the tracker's tenant stats into live points for that tenant's staff and operators, with history", async () => {
    const tenant = await newTenant();
    const otherTenant = await newTenant();
    const staff = await newMember(tenant, 'staff');
    const otherStaff = await newMember(otherTenant, 'staff');
    await newMember(tenant);
    const staffSocket = await connectAs(port(0), { tenantId: tenant.id, memberId: staff.id, role: 'staff' });
    const otherSocket = await connectAs(port(1), { tenantId: otherTenant.id, memberId: otherStaff.id, role: 'staff' });
    const operator = await connectAs(port(1), { tenantId: null, memberId: 'operator-1', role: 'operator' });
    const busy = (point: DashboardPoint) => point.announcesPerSecond === 42;
    const streamsEmitter = createEmitter(redis, { key: redisNames('dashboard').adapterKey });

    const staffPoint = nextEvent<DashboardPoint>(staffSocket, DASHBOARD_POINT_EVENT, 6000, busy);
    const operatorTick = nextEvent<DashboardTick>(operator, DASHBOARD_TICK_EVENT, 6000, (tick) => tick.points.some((point) => point.tenantId === tenant.id && busy(point)));
    const otherPoints = record<DashboardPoint>(otherSocket, DASHBOARD_POINT_EVENT);
    const stats: TenantAnnounceStats = { tenantId: tenant.id, windowStart: Date.now() - 1000, announces: 42, failures: 1, failuresByReason: { banned_client: 1 } };
    // The tracker sends one per second; a few keep the test independent of tick phase.
    const sender = setInterval(() => publishTenantStats(streamsEmitter, { ...stats, windowStart: Date.now() - 1000 }), 300);
    try {
      const point = await staffPoint;
      expect(point).toMatchObject({ tenantId: tenant.id, announcesPerSecond: 42, failuresPerSecond: 1, newMembers24h: 2 });
      const tick = await operatorTick;
      expect(tick.points.find((entry) => entry.tenantId === '*')?.announcesPerSecond).toBeGreaterThanOrEqual(42);
    } finally {
      clearInterval(sender);
    }
    expect(otherPoints.every((entry) => entry.tenantId === otherTenant.id && entry.announcesPerSecond === 0)).toBe(true);

    const history = await ok<{ points: DashboardPoint[] }>(staffSocket, GATEWAY_REQUESTS.dashboardHistory);
    expect(history.points.some(busy)).toBe(true);
    expect(history.points.every((entry) => entry.tenantId === tenant.id)).toBe(true);
    const platform = await ok<{ points: DashboardPoint[] }>(operator, GATEWAY_REQUESTS.dashboardHistory);
    expect(platform.points.length).toBeGreaterThan(0);
  });

});

describe('notifications', () => {
  it('pushes approved, rejected and comment notifications live to the uploader only, and keeps them', async () => {
    const tenant = await newTenant();
    const uploader = await newMember(tenant);
    const commenter = await newMember(tenant);
    const torrent = await newTorrent(tenant, uploader.id);
    const uploaderSocket = await connectAs(port(0), { tenantId: tenant.id, memberId: uploader.id, role: 'member' });
    const commenterSocket = await connectAs(port(1), { tenantId: tenant.id, memberId: commenter.id, role: 'member' });
    const notOwn = record<NotificationPush>(commenterSocket, NOTIFICATION_EVENT);

    const approved = nextEvent<NotificationPush>(uploaderSocket, NOTIFICATION_EVENT);
    await notifyTorrentApproved({ tenantId: tenant.id, torrentId: torrent.id, emitter });
    expect(await approved).toMatchObject({ unread: 1, notification: { kind: 'torrent.approved', payload: { torrentName: torrent.name } } });
    await notifyTorrentRejected({ tenantId: tenant.id, torrentId: torrent.id, reason: 'duplicate', emitter });
    await notifyCommentOnUpload({ tenantId: tenant.id, torrentId: torrent.id, commentId: 'c1', authorId: uploader.id, emitter });
    const commented = nextEvent<NotificationPush>(uploaderSocket, NOTIFICATION_EVENT, 5000, (push) => push.notification.kind === 'torrent.comment');
    await notifyCommentOnUpload({ tenantId: tenant.id, torrentId: torrent.id, commentId: 'c2', authorId: commenter.id, emitter });
    expect(await commented).toMatchObject({ unread: 3, notification: { payload: { authorUsername: commenter.username } } });

    // A reload: a new socket is told the unread count at once and can list what is stored.
    let unreadAtConnect: Promise<{ unread: number }> | undefined;
    const token = tokenFor({ tenantId: tenant.id, memberId: uploader.id, role: 'member' });
    const reloaded = await connect(port(1), { token }, {
      before: (socket) => {
        unreadAtConnect = nextEvent(socket, NOTIFICATION_COUNT_EVENT);
      },
    });
    expect((await unreadAtConnect)?.unread).toBe(3);
    const listed = await ok<{ notifications: NotificationView[] }>(reloaded, GATEWAY_REQUESTS.notificationsList);
    expect(listed.notifications.map((entry) => entry.kind)).toEqual(['torrent.comment', 'torrent.rejected', 'torrent.approved']);
    await pause(200);
    expect(notOwn).toEqual([]);
  });
});
