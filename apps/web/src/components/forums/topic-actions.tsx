'use client';
// On a topic page: subscribe or unsubscribe, and for staff pin, lock, move to another
// forum and merge into another topic (by its id or address).
import { Field, inputClass, Notice, secondaryButtonClass } from '@swarmhost/ui';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { api } from '~/lib/trpc-client';
import { useAction } from '~/lib/use-action';

export function SubscribeButton(props: { topicId: string; subscribed: boolean }) {
  const action = useAction();
  const router = useRouter();
  return (
    <span>
      <button
        type="button"
        className={secondaryButtonClass}
        disabled={action.pending}
        onClick={() => void action.run(() => api.forums.subscribe.mutate({ topicId: props.topicId, subscribed: !props.subscribed })).then(() => router.refresh())}
      >
        {props.subscribed ? 'Unsubscribe' : 'Subscribe'}
      </button>
      {action.error ? <Notice tone="error">{action.error}</Notice> : null}
    </span>
  );
}

const TOPIC_ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?(?:[?#].*)?$/i;

export function StaffTopicActions(props: { topicId: string; pinned: boolean; locked: boolean; forumId: string; forums: { id: string; name: string }[] }) {
  const action = useAction();
  const router = useRouter();
  const run = async (work: () => Promise<unknown>, then?: () => void) => {
    if ((await action.run(() => work().then(() => true))) === true) {
      if (then) then();
      else router.refresh();
    }
  };
  function move(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const forumId = String(new FormData(event.currentTarget).get('forum') ?? '');
    void run(() => api.forums.move.mutate({ topicId: props.topicId, forumId }));
  }
  function merge(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get('into') ?? '').trim();
    const into = TOPIC_ID.exec(raw)?.[1]?.toLowerCase() ?? raw;
    void run(() => api.forums.merge.mutate({ topicId: props.topicId, intoTopicId: into }), () => router.push(`/forums/topics/${into}`));
  }
  return (
    <div className="space-y-3" aria-label="Staff actions">
      <div aria-live="polite">{action.error ? <Notice tone="error">{action.error}</Notice> : null}</div>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void run(() => api.forums.setFlags.mutate({ topicId: props.topicId, pinned: !props.pinned }))}>
          {props.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={action.pending} onClick={() => void run(() => api.forums.setFlags.mutate({ topicId: props.topicId, locked: !props.locked }))}>
          {props.locked ? 'Unlock' : 'Lock'}
        </button>
      </div>
      <form onSubmit={move} className="flex flex-wrap items-end gap-2" aria-label="Move topic">
        <Field label="Move to forum" htmlFor="move-forum">
          <select id="move-forum" name="forum" className={inputClass} defaultValue="">
            <option value="" disabled>Choose a forum</option>
            {props.forums.filter((forum) => forum.id !== props.forumId).map((forum) => <option key={forum.id} value={forum.id}>{forum.name}</option>)}
          </select>
        </Field>
        <button type="submit" className={secondaryButtonClass} disabled={action.pending}>Move</button>
      </form>
      <form onSubmit={merge} className="flex flex-wrap items-end gap-2" aria-label="Merge topic">
        <Field label="Merge into topic" htmlFor="merge-into" hint="The other topic's address or id; this topic's posts join it in time order.">
          <input id="merge-into" name="into" required className={inputClass} placeholder="…/forums/topics/…" />
        </Field>
        <button type="submit" className={secondaryButtonClass} disabled={action.pending}>Merge</button>
      </form>
    </div>
  );
}
