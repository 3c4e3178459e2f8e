'use client';
// A chat room: the latest 50 messages on join, "older" pages back, live messages and
// deletions, a composer that shows the gateway's refusals (rate limit, mute) verbatim,
// and delete/mute buttons for staff. Bodies are rendered as text, never as HTML.
import {
  CHAT_DELETED_EVENT,
  CHAT_MAX_BODY_LENGTH,
  CHAT_MESSAGE_EVENT,
  GATEWAY_REQUESTS,
  type ChatDeleted,
  type ChatHistoryPage,
  type ChatMessageView,
  type ChatRoomView,
} from '@swarmhost/events';
import { useRef, useState, type FormEvent } from 'react';
import { requestLive, useLiveEvent, useOnConnect, useRealtime } from './realtime-provider';

export function ChatPanel(props: { room?: string; me: { id: string; role: 'member' | 'staff' | 'admin' } }) {
  const slug = props.room ?? 'general';
  const isStaff = props.me.role !== 'member';
  const { socket, connected, error: connectionError } = useRealtime();
  const [room, setRoom] = useState<ChatRoomView | null>(null);
  const [messages, setMessages] = useState<ChatMessageView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const lastId = useRef<string | null>(null);

  const append = (incoming: ChatMessageView[]) =>
    setMessages((previous) => {
      const known = new Set(previous.map((message) => message.id));
      const merged = [...previous, ...incoming.filter((message) => !known.has(message.id))];
      lastId.current = merged.at(-1)?.id ?? lastId.current;
      return merged;
    });

  // First join: the latest page. Rejoins after a reconnect: only what was missed.
  useOnConnect((live) => {
    const after = lastId.current;
    requestLive<ChatHistoryPage & { room: ChatRoomView }>(live, GATEWAY_REQUESTS.chatJoin, after ? { room: slug, after } : { room: slug }).then(
      (page) => {
        setRoom(page.room);
        if (!after) setCursor(page.nextCursor);
        append(page.messages);
        setError(null);
      },
      (refusal: unknown) => setError(refusal instanceof Error ? refusal.message : String(refusal)),
    );
  });
  useLiveEvent<ChatMessageView>(CHAT_MESSAGE_EVENT, (message) => {
    if (room && message.roomId === room.id) append([message]);
  });
  useLiveEvent<ChatDeleted>(CHAT_DELETED_EVENT, (deleted) => setMessages((previous) => previous.filter((message) => message.id !== deleted.messageId)));

  const act = (work: Promise<unknown>) => work.then(() => setError(null), (refusal: unknown) => setError(refusal instanceof Error ? refusal.message : String(refusal)));

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!socket || draft.trim() === '') return;
    void act(requestLive(socket, GATEWAY_REQUESTS.chatSend, { room: slug, body: draft }).then(() => setDraft('')));
  };

  const older = () => {
    if (!socket || !cursor) return;
    void act(
      requestLive<ChatHistoryPage>(socket, GATEWAY_REQUESTS.chatHistory, { room: slug, before: cursor }).then((page) => {
        setCursor(page.nextCursor);
        setMessages((previous) => [...page.messages, ...previous]);
      }),
    );
  };

  return (
    <section className="flex flex-col gap-2" data-testid="chat-panel">
      <header className="flex items-baseline justify-between">
        <h2 className="font-semibold">#{room?.name ?? slug}</h2>
        <span className="text-xs text-slate-600">{connected ? 'live' : (connectionError ?? 'connecting…')}</span>
      </header>
      {cursor ? (
        <button type="button" className="self-start text-sm underline" onClick={older}>
          Older messages
        </button>
      ) : null}
      <ol className="max-h-96 space-y-1 overflow-y-auto text-sm" data-testid="chat-messages">
        {messages.map((message) => (
          <li key={message.id} className="whitespace-pre-wrap break-words">
            <span className="text-xs text-slate-500">{message.createdAt.slice(11, 16)} </span>
            {message.author ? <strong>{message.author.username}: </strong> : <em>system: </em>}
            {/* React escapes text: a body like "<img onerror>" shows as typed. */}
            <span data-testid="chat-body">{message.body}</span>
            {isStaff && socket ? (
              <span className="ml-2 text-xs">
                <button type="button" className="underline" onClick={() => void act(requestLive(socket, GATEWAY_REQUESTS.chatDelete, { messageId: message.id }))}>
                  delete
                </button>
                {message.author && message.author.id !== props.me.id ? (
                  <button type="button" className="ml-1 underline" onClick={() => void act(requestLive(socket, GATEWAY_REQUESTS.chatMute, { memberId: message.author?.id, minutes: 60 }))}>
                    mute 1 h
                  </button>
                ) : null}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <form onSubmit={send} className="flex gap-2">
        <input
          className="flex-1 rounded border border-slate-300 px-2 py-1"
          value={draft}
          maxLength={CHAT_MAX_BODY_LENGTH}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="Write a message; @name notifies a member"
          aria-label="Chat message"
        />
        <button type="submit" className="rounded bg-slate-900 px-3 py-1 text-white" disabled={!connected}>
          Send
        </button>
      </form>
    </section>
  );
}
