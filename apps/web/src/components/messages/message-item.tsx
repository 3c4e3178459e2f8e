// One private message in a conversation (safe Markdown, "new" when unread, Report under
// others' messages); the same markup for the newest page and for older pages loaded later.
import type { ConversationMessage } from '@swarmhost/domain';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { ReportMessage } from './conversation-actions';

/** A message as the domain reads it (read-conversations.ts). */
export type MessageItemData = ConversationMessage;

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function MessageItem(props: { message: MessageItemData; readUpTo: number }) {
  const { message } = props;
  const isNew = message.seq > props.readUpTo && !message.mine;
  return (
    <li id={`message-${message.seq}`} tabIndex={-1} data-testid="pm-message" className={`rounded border p-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 ${isNew ? 'border-indigo-300 bg-indigo-50' : 'border-slate-200'}`}>
      <p className="mb-1 flex flex-wrap items-baseline gap-2 text-sm">
        <span className="font-semibold">{message.author ?? 'A former member'}</span>
        <span className="text-slate-600">{when(message.createdAt)}</span>
        {isNew ? <span className="rounded-full bg-indigo-700 px-2 text-xs text-white">new</span> : null}
      </p>
      <div className="prose-description text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(message.body) }} />
      {!message.mine ? (
        <div className="mt-2">
          <ReportMessage messageId={message.id} />
        </div>
      ) : null}
    </li>
  );
}
