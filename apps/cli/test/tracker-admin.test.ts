// Operator commands for tracker abuse handling (issue 17): the ledger's dead letters
// and staff-revoked download rights.
import { randomUUID } from 'node:crypto';
import { systemClient } from '@swarmhost/db/system';
import { describe, expect, it } from 'vitest';
import { cli, cliJson, uniqueSlug } from './helpers';

interface DeadLettersJson { deadLetters: { tenantId: string; batchId: string; error: string; entry: { memberId: string } }[] }

describe('ledger:dead-letters', () => {
  it('lists dead-lettered ledger entries, newest first, optionally for one tenant', async () => {
    const slug = uniqueSlug('ledger');
    const { tenant } = await cliJson<{ tenant: { id: string } }>('tenant:create', '--slug', slug, '--name', 'Ledger');
    const memberId = randomUUID();
    await systemClient().ledgerDeadLetter.create({
      data: { tenantId: tenant.id, batchId: `batch-${slug}`, entry: { memberId, actualDownloaded: 10_000 }, error: 'bigint out of range' },
    });
    const listed = await cliJson<DeadLettersJson>('ledger:dead-letters', '--tenant', slug);
    expect(listed.deadLetters).toEqual([expect.objectContaining({ tenantId: tenant.id, batchId: `batch-${slug}`, error: 'bigint out of range', entry: { memberId, actualDownloaded: 10_000 } })]);
    const text = await cli('ledger:dead-letters', '--tenant', slug);
    expect(text.stdout).toContain(`member ${memberId}`);
    expect((await cli('ledger:dead-letters', '--limit', '0')).stderr).toMatch(/--limit: must be 1 or more/);
  });
});

describe('user:download-rights', () => {
  it('revokes and restores a member’s download rights', async () => {
    const slug = uniqueSlug('rights');
    await cliJson('tenant:create', '--slug', slug, '--name', 'Rights');
    await cliJson('user:create', '--tenant', slug, '--username', 'leecher', '--email', `leecher@${slug}.test`, '--password', 'correct horse battery staple');
    expect((await cliJson<{ member: { canDownload: boolean } }>('user:download-rights', '--tenant', slug, '--username', 'leecher', '--set', 'revoke')).member.canDownload).toBe(false);
    const member = await systemClient().member.findFirst({ where: { username: 'leecher', tenant: { slug } }, select: { canDownload: true } });
    expect(member?.canDownload).toBe(false);
    expect((await cli('user:download-rights', '--tenant', slug, '--username', 'leecher', '--set', 'maybe')).stderr).toMatch(/--set: must be revoke or restore/);
    expect((await cliJson<{ member: { canDownload: boolean } }>('user:download-rights', '--tenant', slug, '--username', 'leecher', '--set', 'restore')).member.canDownload).toBe(true);
  });
});
