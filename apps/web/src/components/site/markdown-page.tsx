// A community's rules or FAQ: its admins' Markdown through the site's sanitising
// renderer (no raw HTML, safe links), or an empty state saying who writes it.
import { Card, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import Link from 'next/link';

export function MarkdownPage(props: { title: string; markdown: string; emptyText: string; canEdit: boolean }) {
  const empty = props.markdown.trim() === '';
  return (
    <div className="space-y-6">
      <PageTitle>{props.title}</PageTitle>
      <Card>
        {empty ? (
          <p className="text-sm text-slate-700" data-testid="markdown-empty">{props.emptyText}</p>
        ) : (
          <div className="prose-description" data-testid="markdown-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(props.markdown) }} />
        )}
        {props.canEdit ? (
          <p className="mt-4 text-sm">
            <Link href="/staff/site" className="text-indigo-700 underline">Edit on the site settings page</Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}
