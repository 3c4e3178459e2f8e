import { describe, expect, it } from 'vitest';
import { gatewayRooms, rooms } from './index';

describe('gateway rooms', () => {
  it('extends the shared rooms with a per-tenant browse room', () => {
    expect(gatewayRooms.torrent('t1', 'x')).toBe(rooms.torrent('t1', 'x'));
    expect(gatewayRooms.tenantSwarms('t1')).toBe('tenant:t1:swarms');
    expect(gatewayRooms.tenantSwarms('t1')).not.toBe(gatewayRooms.tenantSwarms('t2'));
  });
});
