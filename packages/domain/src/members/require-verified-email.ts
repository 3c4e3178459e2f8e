// Members who have not confirmed their e-mail address may browse but not download or
// upload (UNIT3D/Gazelle practice): the address is how staff reach them about a ratio
// or a removed upload. Operator-created members (CLI, seed) count as confirmed. Read
// from the database, not the session, so a confirmation counts at once.
import { forTenant } from '@swarmhost/db';
import { AppError } from '../errors';

export const EMAIL_UNVERIFIED = 'email-unverified';

export async function requireVerifiedEmail(options: { tenantId: string; memberId: string; action: 'download torrents' | 'upload torrents' }): Promise<void> {
  const member = await forTenant(options.tenantId).member.findUnique({ where: { id: options.memberId }, select: { emailVerifiedAt: true } });
  if (member?.emailVerifiedAt) return;
  throw new AppError(
    'FORBIDDEN',
    `confirm your e-mail address before you ${options.action}: open the link in the mail we sent you, or use "Resend verification mail"`,
    { reason: EMAIL_UNVERIFIED },
  );
}
