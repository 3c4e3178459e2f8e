// A member's own list of passkeys: see, rename and delete them.
import { forTenant, withTenant } from '@swarmhost/db';
import { AppError } from '../errors';

export async function listPasskeys(options: { tenantId: string; memberId: string }) {
  return forTenant(options.tenantId).webAuthnCredential.findMany({
    where: { memberId: options.memberId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
  });
}

export async function renamePasskey(options: { tenantId: string; memberId: string; passkeyId: string; name: string }) {
  const name = options.name.trim();
  if (name.length < 1 || name.length > 60) throw new AppError('BAD_REQUEST', 'a passkey name must be 1-60 characters');
  const { count } = await forTenant(options.tenantId).webAuthnCredential.updateMany({
    where: { id: options.passkeyId, memberId: options.memberId },
    data: { name },
  });
  if (count === 0) throw new AppError('NOT_FOUND', 'that passkey does not exist (any more); reload the page');
}

/** Deletes one of the member's passkeys; answers its name (for the notice mail). */
export async function deletePasskey(options: { tenantId: string; memberId: string; passkeyId: string }): Promise<{ name: string }> {
  return withTenant(options.tenantId, async (tx) => {
    const where = { id: options.passkeyId, memberId: options.memberId };
    const passkey = await tx.webAuthnCredential.findFirst({ where, select: { name: true } });
    const { count } = await tx.webAuthnCredential.deleteMany({ where });
    if (!passkey || count === 0) throw new AppError('NOT_FOUND', 'that passkey does not exist (any more); reload the page');
    return { name: passkey.name };
  });
}
