// The messages router: opening a conversation pushes the reader's new unread count to
// their own room (other tabs) and to nobody else; staffRead is for staff only and, even
// for staff, needs a report; a non-participant's open is NOT_FOUND; zod and the domain
// answer bad input with a message.
import { systemClient } from '@swarmhost/db/system';
import type { MemberRoleName } from '@swarmhost/domain';
import { newTenant } from '@swarmhost/domain/testing/fixtures';
import { gatewayRooms, MESSAGES_UNREAD_EVENT } from '@swarmhost/events';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServices, errorOf, newMemberOf, signedInOn } from './support/api-harness';

const pushes: { room: string; event: string; payload: unknown }[] = [];
const services = { ...apiServices(), liveEmitter: { to: (room: string | string[]) => ({ emit: (event: string, payload: unknown) => pushes.push({ room: String(room), event, payload }) }) } };
const PASSWORD = 'private messages password';
type Tenant = { id: string; slug: string };
let tenant: Tenant;

const member = (role: MemberRoleName = 'member') => newMemberOf(tenant, role, PASSWORD);
const signedIn = (account: { username: string }) => signedInOn({ services, tenant, account, password: PASSWORD, ip: '127.0.0.61' });

beforeAll(async () => {
  tenant = await newTenant('pmapi');
});

describe('messages router', () => {
  it('opens for participants only, pushes the reader their count, and gates staffRead on a report', async () => {
    const [alice, bob, carol, moderator] = await Promise.all([member(), member(), member(), member('staff')]);
    const [aliceApi, bobApi, carolApi, staffApi] = await Promise.all([signedIn(alice), signedIn(bob), signedIn(carol), signedIn(moderator)]);

    const { conversationId } = await aliceApi.messages.start({ recipients: [bob.username], subject: 'Hi', body: 'Hello Bob' });
    expect(await bobApi.messages.unreadCount()).toBe(1);
    const view = await bobApi.messages.open({ conversationId });
    expect(view).toMatchObject({ subject: 'Hi', unread: 0, readUpTo: 0 });
    expect(pushes).toEqual([{ room: gatewayRooms.member(tenant.id, bob.id), event: MESSAGES_UNREAD_EVENT, payload: { unread: 0 } }]);

    expect((await errorOf(carolApi.messages.open({ conversationId }))).code).toBe('NOT_FOUND');
    expect((await errorOf(staffApi.messages.open({ conversationId }))).code).toBe('NOT_FOUND');
    expect((await errorOf(carolApi.messages.staffRead({ conversationId }))).code).toBe('FORBIDDEN');
    expect((await errorOf(staffApi.messages.staffRead({ conversationId }))).code).toBe('NOT_FOUND');

    const message = await systemClient().privateMessage.findFirstOrThrow({ where: { conversationId } });
    await systemClient().report.create({ data: { tenantId: tenant.id, reporterId: bob.id, targetType: 'message', targetId: message.id, contextId: conversationId, targetLabel: 'x', reason: 'harassment' } });
    expect((await staffApi.messages.staffRead({ conversationId })).messages.map((row) => row.reported)).toEqual([true]);

    const unknown = await errorOf(aliceApi.messages.start({ recipients: ['nobody-at-all'], subject: 's', body: 'b' }));
    expect(unknown).toMatchObject({ code: 'BAD_REQUEST', message: 'no member is called: nobody-at-all; check the spelling' });
    expect((await errorOf(aliceApi.messages.reply({ conversationId, body: 'x'.repeat(20_001) }))).message).toMatch(/1-10000 characters/);
  });
});
