'use client';
// The header's "Bonus (N)" link: the balance from the server render, raised live when a
// gift or tip arrives on the member's notification stream.
import { NOTIFICATION_EVENT, type NotificationPush } from '@swarmhost/events';
import Link from 'next/link';
import { useState } from 'react';
import { useLiveEvent } from '~/components/live/realtime-provider';
import { balanceAfter } from './bonus-balance';

export function BonusNavLink(props: { balance: string | null; className: string }) {
  const [rendered, setRendered] = useState(props.balance);
  const [balance, setBalance] = useState(props.balance);
  // A new server render (after a purchase, a reload) brings the booked figure.
  if (rendered !== props.balance) {
    setRendered(props.balance);
    setBalance(props.balance);
  }
  useLiveEvent<NotificationPush>(NOTIFICATION_EVENT, (push) => {
    setBalance((current) => (current === null ? current : balanceAfter(current, push.notification)));
  });
  return (
    <Link href="/bonus" className={props.className}>
      {balance === null ? 'Bonus' : `Bonus (${balance})`}
    </Link>
  );
}
