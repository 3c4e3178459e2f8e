'use client';
// The header's "Bonus (N)" link: the balance from the server render, replaced live by
// each booking the member's room hears of (accrual, tip, gift, purchase, adjustment).
import Link from 'next/link';
import { useLiveBalance } from './use-live-balance';

export function BonusNavLink(props: { balance: string | null; balanceAt: number; className: string }) {
  const balance = useLiveBalance(props.balance, props.balanceAt);
  return (
    <Link href="/bonus" className={props.className} data-testid="nav-bonus">
      {balance === null ? 'Bonus' : `Bonus (${balance})`}
    </Link>
  );
}
