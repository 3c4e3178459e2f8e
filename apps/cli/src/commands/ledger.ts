// ledger:dead-letters: the tracker's ledger entries PostgreSQL refused (a member total
// that would pass 2^63, a value no column holds), kept for an operator instead of
// blocking the flush (issue 17). Read-only: fix the member's figures, then delete rows
// by hand if wanted.
import { findTenantBySlug } from '@swarmhost/domain';
import { z } from 'zod';
import { defineCommand } from '../command';
import { db } from '../context';

export const ledgerDeadLetters = defineCommand({
  name: 'ledger:dead-letters',
  summary: 'list tracker ledger entries PostgreSQL refused, newest first',
  usage: '[--tenant S] [--limit N]',
  options: z.object({
    tenant: z.string().optional(),
    limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(1000, 'must be at most 1000').default(50),
  }),
  async run(options) {
    const tenant = options.tenant === undefined ? undefined : await findTenantBySlug(db(), options.tenant);
    const rows = await db().ledgerDeadLetter.findMany({
      where: tenant === undefined ? {} : { tenantId: tenant.id },
      orderBy: { createdAt: 'desc' },
      take: options.limit,
    });
    const deadLetters = rows.map((row) => ({
      id: row.id,
      tenantId: row.tenantId,
      batchId: row.batchId,
      createdAt: row.createdAt.toISOString(),
      error: row.error,
      entry: row.entry,
    }));
    const lines = deadLetters.map((letter) => {
      const entry = letter.entry as { memberId?: string; infoHash?: string };
      return `${letter.createdAt}  tenant ${letter.tenantId}  member ${entry.memberId ?? '?'}  torrent ${entry.infoHash ?? '?'}\n  ${letter.error}\n  ${JSON.stringify(letter.entry)}`;
    });
    return {
      data: { deadLetters },
      text: deadLetters.length === 0 ? 'no dead-lettered ledger entries' : lines.join('\n'),
    };
  },
});
