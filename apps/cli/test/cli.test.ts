import { describe, expect, it } from 'vitest';
import { cli, cliJson, uniqueSlug } from './helpers';

interface TenantJson { tenant: { id: string; slug: string; status: string } }
interface MemberJson { member: { passkey: string; announceUrl: string; role: string } }

describe('tenant commands', () => {
  it('creates, lists, suspends and resumes a tenant', async () => {
    const slug = uniqueSlug('alpha');
    const created = await cliJson<TenantJson>('tenant:create', '--slug', slug, '--name', 'Alpha Community');
    expect(created.tenant.slug).toBe(slug);
    expect(created.tenant.status).toBe('active');

    const listed = await cliJson<{ tenants: { slug: string; members: number; torrents: number }[] }>('tenant:list');
    expect(listed.tenants.find((tenant) => tenant.slug === slug)).toMatchObject({ members: 0, torrents: 0 });

    const suspended = await cliJson<TenantJson>('tenant:suspend', '--slug', slug, '--reason', 'unpaid');
    expect(suspended.tenant.status).toBe('suspended');
    const again = await cli('tenant:suspend', '--slug', slug);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(`tenant "${slug}" is already suspended`);
    expect((await cliJson<TenantJson>('tenant:resume', '--slug', slug)).tenant.status).toBe('active');
  });

  it('refuses a duplicate slug, an invalid slug and a reserved one', async () => {
    const slug = uniqueSlug('dup');
    await cliJson('tenant:create', '--slug', slug, '--name', 'First');
    const duplicate = await cli('tenant:create', '--slug', slug, '--name', 'Second', '--json');
    expect(duplicate.exitCode).toBe(1);
    expect(JSON.parse(duplicate.stdout)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: `a tenant with slug "${slug}" already exists` },
    });
    const invalid = await cli('tenant:create', '--slug', 'Bad_Slug!', '--name', 'x y');
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stderr).toMatch(/invalid slug "Bad_Slug!"/);
    expect((await cli('tenant:create', '--slug', 'www', '--name', 'Web')).stderr).toMatch(/reserved/);
  });

  it('names a missing flag, an unknown flag and an unknown command', async () => {
    expect((await cli('tenant:create', '--slug', 'x')).stderr).toMatch(/--name: is required/);
    expect((await cli('tenant:create', '--slug', 'x', '--name', 'y', '--colour', 'red')).stderr).toMatch(
      /tenant:create has no --colour flag/,
    );
    const unknown = await cli('tenant:explode');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "tenant:explode"/);
  });

  it('says which tenant is unknown', async () => {
    const result = await cli('tenant:suspend', '--slug', 'no-such-tenant');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('no tenant with slug "no-such-tenant"');
  });
});

describe('user commands', () => {
  it('creates a member with a passkey and announce URL, refuses a duplicate username', async () => {
    const slug = uniqueSlug('users');
    await cliJson('tenant:create', '--slug', slug, '--name', 'Users');
    const created = await cliJson<MemberJson>(
      'user:create', '--tenant', slug, '--username', 'alice', '--email', 'alice@example.test', '--password', 'correct horse', '--role', 'staff',
    );
    expect(created.member.passkey).toMatch(/^[0-9a-f]{32}$/);
    expect(created.member.announceUrl).toMatch(new RegExp(`/${created.member.passkey}/announce$`));
    expect(created.member.role).toBe('staff');

    const duplicate = await cli('user:create', '--tenant', slug, '--username', 'ALICE', '--email', 'other@example.test', '--password', 'correct horse');
    expect(duplicate.exitCode).toBe(1);
    expect(duplicate.stderr).toContain(`username "ALICE" is already taken in tenant "${slug}"`);

    const unknownTenant = await cli('user:create', '--tenant', 'nowhere', '--username', 'bob', '--email', 'b@example.test', '--password', 'correct horse');
    expect(unknownTenant.stderr).toContain('no tenant with slug "nowhere"');
    const badRole = await cli('user:create', '--tenant', slug, '--username', 'bob', '--email', 'b@example.test', '--password', 'correct horse', '--role', 'king');
    expect(badRole.stderr).toMatch(/--role: must be member, staff or admin/);
    const shortPassword = await cli('user:create', '--tenant', slug, '--username', 'bob', '--email', 'b@example.test', '--password', 'short');
    expect(shortPassword.stderr).toMatch(/at least 8 characters/);
  });

  it('rotates a passkey', async () => {
    const slug = uniqueSlug('rotate');
    await cliJson('tenant:create', '--slug', slug, '--name', 'Rotate');
    const created = await cliJson<MemberJson>('user:create', '--tenant', slug, '--username', 'carol', '--email', 'c@example.test', '--password', 'correct horse');
    const rotated = await cliJson<MemberJson>('user:rotate-passkey', '--tenant', slug, '--username', 'carol');
    expect(rotated.member.passkey).toMatch(/^[0-9a-f]{32}$/);
    expect(rotated.member.passkey).not.toBe(created.member.passkey);
    expect((await cli('user:rotate-passkey', '--tenant', slug, '--username', 'nobody')).stderr).toContain(
      `no member "nobody" in tenant "${slug}"`,
    );
  });
});
