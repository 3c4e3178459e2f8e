// Staff correct a member's points by hand, with a reason the member sees in their history;
// the ledger row and an audit entry commit together. Staff act only on members below
// their role, never on themselves; a debit cannot take the balance below zero.
import { withTenant } from '@swarmhost/db';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { mayManageMember } from '../staff/manage-members';
import type { LiveEmitter } from '@swarmhost/events';
import { assertPointAmount, bookPoints, LEDGER_TRANSACTION_OPTIONS, lockMembers } from './book-points';
import { pushBalances } from './push-balances';

export interface AdjustMemberPointsOptions {
  tenantId: string;
  staffId: string;
  memberId: string;
  /** Whole points, positive to credit, negative to debit. */
  amount: number;
  reason: string;
  /** The member's open pages get the new balance live. */
  emitter?: LiveEmitter;
}

export async function adjustMemberPoints(options: AdjustMemberPointsOptions): Promise<{ transactionId: string; balance: string }> {
  assertPointAmount(Math.abs(options.amount));
  const reason = options.reason.trim();
  if (reason.length < 3) throw new AppError('BAD_REQUEST', 'reason: say why (at least 3 characters); the member sees it');
  if ([...reason].length > 200) throw new AppError('BAD_REQUEST', `reason: must be at most 200 characters (got ${[...reason].length})`);
  if (options.memberId === options.staffId) throw new AppError('BAD_REQUEST', 'you cannot adjust your own points; ask another staff member');
  const adjusted = await withTenant(
    options.tenantId,
    async (tx) => {
      const rows = await tx.member.findMany({ where: { id: { in: [options.memberId, options.staffId] } }, select: { id: true, role: true } });
      const target = rows.find((row) => row.id === options.memberId);
      const actor = rows.find((row) => row.id === options.staffId);
      if (!target) throw new AppError('NOT_FOUND', 'no such member here');
      if (!actor || actor.role === 'member') throw new AppError('FORBIDDEN', 'only staff can do this');
      if (!mayManageMember(actor.role, target.role)) {
        throw new AppError('FORBIDDEN', `you cannot adjust a member whose role (${target.role}) is the same as or above yours`);
      }
      // Both rows in id order before any write: the audit row names the staff member, and
      // naming a member takes a share lock on their row (see request-workflow.ts).
      await lockMembers(tx, [options.memberId, options.staffId]);
      const booked = await bookPoints(tx, {
        tenantId: options.tenantId,
        memberId: options.memberId,
        amount: options.amount,
        reason: 'staff_adjustment',
        reference: { type: 'member', id: options.staffId },
        note: reason,
      }).catch((error: unknown) => {
        // The ledger's refusal speaks to a buyer ("you have"); staff are told about the member.
        if (error instanceof AppError && error.details?.reason === 'not_enough_points') {
          const balance = String(error.details.balance);
          throw new AppError(
            'CONFLICT',
            `amount: the member has ${balance} points; a debit of ${Math.abs(options.amount)} would take the balance below zero (debit at most ${balance})`,
            { reason: 'not_enough_points', field: 'amount', balance },
          );
        }
        throw error;
      });
      await recordAudit(tx, {
        tenantId: options.tenantId,
        actorMemberId: options.staffId,
        action: 'member.points_adjusted',
        targetType: 'member',
        targetId: options.memberId,
        details: { amount: options.amount, reason, transactionId: booked.id, balance: booked.balance },
      });
      return { transactionId: booked.id, balance: booked.balance };
    },
    LEDGER_TRANSACTION_OPTIONS,
  );
  pushBalances(options.emitter, options.tenantId, [{ memberId: options.memberId, balance: adjusted.balance }]);
  return adjusted;
}
