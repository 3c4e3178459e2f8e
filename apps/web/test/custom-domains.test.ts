// Custom domains through the console's API: an operator adds a host name (validated,
// unique across tenants with a clear error), the community answers on it, and removing
// it takes the community off that host. Both changes are in the audit log.
import { randomBytes } from 'node:crypto';
import type { ApiServices } from '@swarmhost/api';
import { systemClient } from '@swarmhost/db/system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_DOMAIN, browser, errorOf, newTenant, siteServices, signedInMember, signedInOperator } from './support/site';

let services: ApiServices;
beforeAll(() => {
  services = siteServices();
});
afterAll(() => services.redis.disconnect());

describe('custom domains', () => {
  it('adds, validates, keeps unique across tenants, serves and removes a host name', async () => {
    const operator = await signedInOperator(services);
    const films = await newTenant();
    const music = await newTenant();
    const host = `films-${randomBytes(3).toString('hex')}.example.org`;

    await operator.operator.addHost({ slug: films.slug, host: ` ${host.toUpperCase()} ` });
    expect((await operator.operator.hosts({ slug: films.slug })).map((row) => row.host)).toEqual([host]);

    const taken = await errorOf(operator.operator.addHost({ slug: music.slug, host }));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toBe(`${host} is already used by community "${films.slug}"; a host name can point at one community only`);
    expect((await errorOf(operator.operator.addHost({ slug: films.slug, host }))).message).toMatch(/already used by this community/);
    for (const [bad, message] of [
      ['films.example.org:8443', /no port/],
      ['http://films.example.org', /no port, path or scheme/],
      ['bad_name.example.org', /letters, digits and inner hyphens/],
      ['192.168.1.20', /IP address/],
      [`anything.${BASE_DOMAIN.replace(/:\d+$/, '')}`, /platform's own domain/],
    ] as const) {
      const error = await errorOf(operator.operator.addHost({ slug: films.slug, host: bad }));
      expect(error.code, bad).toBe('BAD_REQUEST');
      expect(error.message, bad).toMatch(message);
    }

    // The community answers on its custom domain: a member logs in there.
    const member = await signedInMember(services, films);
    const visit = browser(services);
    const onCustomHost = await visit(`${host}:3000`);
    await onCustomHost.auth.login({ identifier: member.username, password: 'integration password' });
    expect((await (await visit(`${host}:3000`)).account.me())?.username).toBe(member.username);

    // Members of the console cannot manage domains.
    expect((await errorOf(member.api.operator.hosts({ slug: films.slug }))).code).toBe('NOT_FOUND');

    await operator.operator.removeHost({ slug: films.slug, host });
    expect(await operator.operator.hosts({ slug: films.slug })).toEqual([]);
    expect((await errorOf(operator.operator.removeHost({ slug: films.slug, host }))).code).toBe('NOT_FOUND');
    // The site's host cache lives one second; then the host is unknown again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await errorOf((await visit(`${host}:3000`)).account.me())).code).toBe('NOT_FOUND');
    // And music can have it now.
    await operator.operator.addHost({ slug: music.slug, host });

    const audit = await systemClient().auditLog.findMany({ where: { tenantId: films.id, action: { in: ['tenant.add_host', 'tenant.remove_host'] } }, orderBy: { createdAt: 'asc' }, select: { action: true, details: true } });
    expect(audit).toEqual([
      { action: 'tenant.add_host', details: { host } },
      { action: 'tenant.remove_host', details: { host } },
    ]);
  });
});
