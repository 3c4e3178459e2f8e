'use client';
// The header's "Messages" link with the number of conversations holding unread
// messages: the count from the server render, replaced live whenever the member's room
// hears a new count (a message arrived, or they read one in another tab), and read again
// after each navigation (opening a conversation marks it read; the layout's figure may
// have been read before that).
import { MESSAGES_UNREAD_EVENT, type UnreadConversations } from '@swarmhost/events';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { api } from '~/lib/trpc-client';
import { useLiveEvent } from '../live/realtime-provider';

export function MessagesNavLink(props: { unread: number; className: string }) {
  const [unread, setUnread] = useState(props.unread);
  useLiveEvent<UnreadConversations>(MESSAGES_UNREAD_EVENT, (update) => setUnread(update.unread));
  const pathname = usePathname();
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    let current = true;
    api.messages.unreadCount.query().then(
      (count) => current && setUnread(count),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [pathname]);
  return (
    <Link
      href="/messages"
      className={props.className}
      data-testid="nav-messages"
      aria-label={unread > 0 ? `Messages, ${unread} unread conversation${unread === 1 ? '' : 's'}` : 'Messages'}
    >
      Messages
      {unread > 0 ? (
        <span data-testid="messages-unread" className="ml-1 rounded-full bg-red-600 px-1.5 text-xs text-white tabular-nums">
          {unread}
        </span>
      ) : null}
    </Link>
  );
}
