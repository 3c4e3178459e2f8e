// A member buys a store item: the debit, its ledger row and what the item gives commit
// in one transaction, so a refused or failed purchase leaves nothing behind.
import { publishInvalidation, type LiveEmitter, type Publisher } from '@swarmhost/events';
import { withTenant } from '@swarmhost/db';
import { AppError } from '../errors';
import { bookPoints, LEDGER_TRANSACTION_OPTIONS } from './book-points';
import { pushBalances } from './push-balances';
import { describeStoreItem, findStoreItem } from './store-items';

export const TITLE_MAX_LENGTH = 30;

export interface BuyStoreItemOptions {
  tenant: { id: string; settings: unknown };
  memberId: string;
  itemId: string;
  /** The new title, for a custom_title item. */
  title?: string;
  /** Tells the tracker's caches the member changed (personal freeleech). */
  publisher?: Publisher;
  /** Pushes the new balance to the buyer's other open pages. */
  emitter?: LiveEmitter;
  now?: Date;
}

export interface Purchase {
  transactionId: string;
  balance: string;
  gives: string;
}

/** Trims and checks a custom title: 1-30 printable characters, no line breaks or control characters. */
export function validateTitle(raw: string | undefined): string {
  const title = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (title === '') throw new AppError('BAD_REQUEST', 'title: write the title you want (1-30 characters)');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(title)) {
    throw new AppError('BAD_REQUEST', 'title: must not contain control or direction characters');
  }
  if ([...title].length > TITLE_MAX_LENGTH) {
    throw new AppError('BAD_REQUEST', `title: must be at most ${TITLE_MAX_LENGTH} characters (got ${[...title].length})`);
  }
  return title;
}

export async function buyStoreItem(options: BuyStoreItemOptions): Promise<Purchase> {
  const item = findStoreItem(options.tenant, options.itemId);
  const title = item.kind === 'custom_title' ? validateTitle(options.title) : undefined;
  const now = options.now ?? new Date();
  const purchase = await withTenant(options.tenant.id, async (tx) => {
    const booked = await bookPoints(tx, {
      tenantId: options.tenant.id,
      memberId: options.memberId,
      amount: -item.cost,
      reason: 'store_purchase',
      reference: { type: 'store_item', id: item.id },
      note: describeStoreItem(item) + (title ? `: "${title}"` : ''),
    });
    const where = { id: options.memberId };
    switch (item.kind) {
      case 'upload_credit':
        await tx.member.update({ where, data: { creditedUploadBytes: { increment: BigInt(item.gibibytes) * 1024n ** 3n } } });
        break;
      case 'freeleech_token':
        await tx.member.update({ where, data: { freeleechTokens: { increment: item.tokens } } });
        break;
      case 'invite':
        await tx.member.update({ where, data: { inviteQuota: { increment: item.invites } } });
        break;
      case 'custom_title':
        await tx.member.update({ where, data: { title } });
        break;
      case 'personal_freeleech': {
        // A running period is extended, not restarted.
        const member = await tx.member.findUniqueOrThrow({ where, select: { personalFreeleechUntil: true } });
        const from = member.personalFreeleechUntil && member.personalFreeleechUntil > now ? member.personalFreeleechUntil : now;
        await tx.member.update({ where, data: { personalFreeleechUntil: new Date(from.getTime() + item.hours * 3_600_000) } });
        break;
      }
    }
    return { transactionId: booked.id, balance: booked.balance, gives: describeStoreItem(item) };
  }, LEDGER_TRANSACTION_OPTIONS);
  pushBalances(options.emitter, options.tenant.id, [{ memberId: options.memberId, balance: purchase.balance }]);
  // The tracker re-reads the member (personal freeleech) when it hears this.
  if (item.kind === 'personal_freeleech' && options.publisher) {
    await publishInvalidation(options.publisher, { kind: 'member', tenantId: options.tenant.id, memberId: options.memberId });
  }
  return purchase;
}

