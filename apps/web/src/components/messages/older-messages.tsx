'use client';
// "Load older messages" above a conversation's newest page: each press fetches the 100
// messages before the oldest one on screen (messages.older, by sequence number) and puts
// them on top, so every message is reachable once, in order. From the keyboard: focus
// stays on the button while more remain, then moves to the oldest message; a live
// region says how many came. If new messages push the server's newest page forward
// while older ones are loaded, the messages in between are fetched too.
import { secondaryButtonClass, Notice } from '@swarmhost/ui';
import { useEffect, useRef, useState } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';
import { MessageItem, type MessageItemData } from './message-item';

export function OlderMessages(props: { conversationId: string; firstSeq: number; hasOlder: boolean; readUpTo: number }) {
  const [loaded, setLoaded] = useState<MessageItemData[]>([]);
  const [hasOlder, setHasOlder] = useState(props.hasOlder);
  const [status, setStatus] = useState('');
  const action = useAction();
  const oldestRef = useRef<HTMLOListElement>(null);
  const [focusOldest, setFocusOldest] = useState(false);

  // After the last page has rendered, the keyboard lands on the first message of the conversation.
  useEffect(() => {
    if (!focusOldest) return;
    oldestRef.current?.querySelector<HTMLElement>('li')?.focus();
    setFocusOldest(false);
  }, [focusOldest, loaded]);

  function merge(messages: MessageItemData[]) {
    setLoaded((current) => {
      const bySeq = new Map(current.map((message) => [message.seq, message]));
      for (const message of messages) bySeq.set(message.seq, message);
      return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
    });
  }

  // The newest page moved forward (new messages, router.refresh): fetch what fell between it and what is loaded.
  const highestLoaded = loaded.at(-1)?.seq;
  useEffect(() => {
    if (highestLoaded === undefined || highestLoaded >= props.firstSeq - 1) return;
    void api.messages.older.query({ conversationId: props.conversationId, beforeSeq: props.firstSeq }).then((page) => merge(page.messages.filter((message) => message.seq > highestLoaded)));
  }, [highestLoaded, props.conversationId, props.firstSeq]);

  async function loadOlder() {
    if (action.pending) return;
    const beforeSeq = loaded[0]?.seq ?? props.firstSeq;
    const page = await action.run(() => api.messages.older.query({ conversationId: props.conversationId, beforeSeq }));
    if (!page) return;
    merge(page.messages);
    setHasOlder(page.hasOlder);
    setStatus(`Loaded ${page.messages.length} older message${page.messages.length === 1 ? '' : 's'}${page.hasOlder ? '' : '; this is the start of the conversation'}.`);
    if (!page.hasOlder) setFocusOldest(true);
  }

  const visible = loaded.filter((message) => message.seq < props.firstSeq);
  if (!props.hasOlder && loaded.length === 0) return null;
  return (
    <div className="mb-4 space-y-4">
      <p role="status" aria-live="polite" className="sr-only">{status}</p>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
      {hasOlder ? (
        // aria-disabled, not disabled: a disabled button would drop the keyboard focus while loading.
        <button type="button" className={secondaryButtonClass} aria-disabled={action.pending} onClick={() => void loadOlder()} aria-describedby="older-messages-hint">
          {action.pending ? 'Loading…' : 'Load older messages'}
        </button>
      ) : (
        <p className="text-sm text-slate-600">This is the start of the conversation.</p>
      )}
      {hasOlder ? <span id="older-messages-hint" className="sr-only">100 at a time, above the messages shown</span> : null}
      {visible.length > 0 ? (
        <ol ref={oldestRef} className="space-y-4" aria-label="Older messages">
          {visible.map((message) => <MessageItem key={message.id} message={message} readUpTo={props.readUpTo} />)}
        </ol>
      ) : null}
    </div>
  );
}
