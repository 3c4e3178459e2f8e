// Who may connect and follow what: expired, forged and malformed tokens are refused
// with a clear reason; a socket follows only its own tenant's torrents; the number of
// rooms one socket follows is bounded; /healthz answers.
import { GATEWAY_REQUESTS } from '@swarmhost/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllSockets, connect, connectAs, ok, request, tokenFor } from './support/clients';
import { newMember, newTenant, newTorrent } from './support/fixtures';
import { startGatewayProcess, type GatewayProcess } from './support/gateways';

let gateway: GatewayProcess;

beforeAll(async () => {
  gateway = await startGatewayProcess('access', { REALTIME_MAX_SUBSCRIPTIONS: '3' });
});
afterAll(async () => {
  closeAllSockets();
  await gateway.stop();
});

async function refusal(token: unknown) {
  try {
    await connect(gateway.port, { token });
  } catch (error) {
    return { message: (error as Error).message, data: (error as { data?: unknown }).data };
  }
  throw new Error('the gateway accepted the connection');
}

describe('tokens', () => {
  it('refuses expired, forged, malformed and missing tokens with a reason', async () => {
    const identity = { tenantId: '00000000-0000-4000-8000-000000000001', memberId: 'm1', role: 'member' as const };
    const expired = await refusal(tokenFor(identity, { ttlSeconds: 60, nowMs: Date.now() - 120_000 }));
    expect(expired.message).toMatch(/expired/);
    expect(expired.data).toEqual({ code: 'UNAUTHORIZED', reason: 'expired' });
    const forged = await refusal(tokenFor(identity, { secret: 'another-secret-another-secret-another' }));
    expect(forged.data).toEqual({ code: 'UNAUTHORIZED', reason: 'bad_signature' });
    expect((await refusal('rt1.garbage')).data).toEqual({ code: 'UNAUTHORIZED', reason: 'malformed' });
    expect((await refusal(undefined)).message).toMatch(/malformed/);
  });

  it('serves /healthz', async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });
});

describe('torrent subscriptions', () => {
  it("refuses another tenant's torrent and bounds the rooms one socket follows", async () => {
    const tenantA = await newTenant();
    const tenantB = await newTenant();
    const alice = await newMember(tenantA);
    const torrentsA = await Promise.all([1, 2, 3, 4].map(() => newTorrent(tenantA)));
    const torrentB = await newTorrent(tenantB);
    const socket = await connectAs(gateway.port, { tenantId: tenantA.id, memberId: alice.id, role: 'member' });

    const foreign = await request(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrentB.id });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const mixed = await ok<{ subscribed: string[]; refused: string[] }>(socket, GATEWAY_REQUESTS.subscribeTorrents, {
      torrentIds: [torrentsA[0]?.id, torrentB.id, 'not-a-uuid'],
    });
    expect(mixed.subscribed).toEqual([torrentsA[0]?.id]);
    expect(mixed.refused).toEqual([torrentB.id, 'not-a-uuid']);

    await ok(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentIds: [torrentsA[1]?.id, torrentsA[2]?.id] });
    const tooMany = await request(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrentsA[3]?.id });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS' } });
    await ok(socket, GATEWAY_REQUESTS.unsubscribeTorrents, { torrentId: torrentsA[0]?.id });
    await ok(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentId: torrentsA[3]?.id });

    const invalid = await request(socket, GATEWAY_REQUESTS.subscribeTorrents, { torrentIds: 'x' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses member-only requests to operators and dashboards to members', async () => {
    const tenant = await newTenant();
    const member = await newMember(tenant);
    const operator = await connectAs(gateway.port, { tenantId: null, memberId: 'operator-1', role: 'operator' });
    expect(await request(operator, GATEWAY_REQUESTS.chatRooms)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const socket = await connectAs(gateway.port, { tenantId: tenant.id, memberId: member.id, role: 'member' });
    expect(await request(socket, GATEWAY_REQUESTS.dashboardHistory)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
