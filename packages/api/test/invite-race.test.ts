// One invite, one member (issue 16, item 10): registrations racing with the same code
// against real PostgreSQL — exactly one gets the account; the others get a clear error
// and leave no member row behind.
import { randomBytes } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { createInvite, createMember, createTenant } from '@swarmhost/domain';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { apiServices, callerFor, cookieJar } from './support/api-harness';


const services = apiServices();

async function visitor(host: string) {
  const cookies = cookieJar();
  return callerFor({ services, cookies, host, ip: '127.0.0.41' });
}

describe('an invite code', () => {
  it('registers exactly one of five simultaneous registrations', async () => {
    const slug = `inv${randomBytes(3).toString('hex')}`;
    const tenant = await createTenant({ db: systemClient(), slug, name: `Invites ${slug}`, settings: { registrationMode: 'invite' } });
    const inviter = await createMember({ db: systemClient(), tenantSlug: slug, username: 'inviter', email: 'inviter@invite.test', password: 'inviter password', role: 'staff' });
    const { code } = await createInvite({ tenantId: tenant.id, inviterId: inviter.id });
    const host = `${slug}.localhost:3000`;

    const names = Array.from({ length: 5 }, (_, index) => `racer${index}`);
    const apis = await Promise.all(names.map(() => visitor(host)));
    const results = await Promise.allSettled(
      names.map((username, index) => apis[index]!.auth.register({ username, email: `${username}@invite.test`, password: 'racing password', inviteCode: code })),
    );

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      expect(result.reason).toBeInstanceOf(TRPCError);
      expect((result.reason as TRPCError).message).toMatch(/invite code (was just used by someone else|is unknown, used or expired)/);
    }
    const members = await systemClient().member.findMany({ where: { tenantId: tenant.id }, select: { id: true, username: true } });
    expect(members.map((member) => member.username).sort()).toEqual(['inviter', names[results.findIndex((result) => result.status === 'fulfilled')]]);
    const invite = await systemClient().invite.findFirst({ where: { tenantId: tenant.id, code }, select: { usedById: true, usedAt: true } });
    expect(invite?.usedById).toBe(members.find((member) => member.username !== 'inviter')?.id);
    expect(invite?.usedAt).toBeInstanceOf(Date);
  });
});
