// One request: what is wanted, the bounty and who put it up, the fill, the history, the
// comments, and what the viewer may do. Other tenants' requests (and deleted ones, for
// members) 404.
import { parseTenantSettings } from '@swarmhost/db';
import type { RequestDetails } from '@swarmhost/domain';
import { Card, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { RequestActions, RequestCommentForm } from '~/components/requests/request-actions';
import { RequestStateBadge } from '~/components/requests/request-state-badge';
import { tenantPage } from '~/server/page-context';

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function describeEvent(event: RequestDetails['history'][number]): string {
  const who = event.actor ?? 'The site';
  const details = event.details;
  switch (event.kind) {
    case 'created': return `${who} asked for it with ${String(details.bounty)} points`;
    case 'voted': return `${who} added ${String(details.amount)} points`;
    case 'claimed': return `${who} claimed it`;
    case 'unclaimed': return `${who} gave up the claim`;
    case 'filled': return `${who} filled it with “${String(details.torrentName ?? 'a torrent')}”`;
    case 'accepted': return details.automatic ? `Accepted automatically (no answer in time): ${String(details.reward)} points paid` : `${who} accepted the fill: ${String(details.reward)} points paid`;
    case 'rejected': return `${who} rejected the fill: “${String(details.reason)}”`;
    case 'unfilled': return `${who} (staff) unfilled it: “${String(details.reason)}”`;
    case 'edited': return `${who} edited it`;
    case 'deleted': return `${who} deleted it: “${String(details.reason)}”`;
    default: return `${who}: ${event.kind}`;
  }
}

export default async function RequestPage(props: { params: Promise<{ id: string }> }) {
  const { tenant, member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const request = await api.requests.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const categories = request.may.edit ? await api.torrents.categories() : [];
  const { minBounty } = parseTenantSettings(tenant.settings).requests;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`${request.category?.name ?? 'Uncategorised'} · requested by ${request.requester ?? 'a former member'} on ${request.createdAt.slice(0, 10)}`}>
        {request.title}
      </PageTitle>
      <div className="flex flex-wrap items-center gap-4">
        <RequestStateBadge state={request.state} />
        <p className="text-lg">
          Bounty: <span className="font-semibold tabular-nums" data-testid="request-bounty">{request.bounty}</span> points
        </p>
        <Link href="/requests" className="text-sm text-indigo-700 underline">All requests</Link>
      </div>
      {request.claim ? (
        <p className="rounded border border-violet-300 bg-violet-50 p-3 text-sm text-violet-900">
          Claimed by {request.claim.by ?? 'a former member'} until {when(request.claim.until)}.
        </p>
      ) : null}
      {request.fill && request.fill.torrent ? (
        <p className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="request-fill">
          Filled by {request.fill.by ?? 'a former member'} with{' '}
          <Link href={`/torrents/${request.fill.torrent.id}`} className="font-medium underline">{request.fill.torrent.name}</Link>
          {request.state === 'pending' && request.fill.acceptBy ? ` — waiting for the requester; accepted automatically on ${when(request.fill.acceptBy)}.` : null}
          {request.state === 'filled' && request.fill.paidAt ? ` — accepted on ${when(request.fill.paidAt)}.` : null}
        </p>
      ) : null}
      {request.state === 'deleted' ? (
        <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">Deleted{request.closedReason ? `: ${request.closedReason}` : ''}. Every bounty went back to its voter.</p>
      ) : null}
      <div className="grid gap-6 md:grid-cols-3">
        <div className="md:col-span-2">
          <Card title="Description">
            <div className="prose-description" dangerouslySetInnerHTML={{ __html: renderMarkdown(request.description || '_No description._') }} />
          </Card>
        </div>
        <Card title={`Voters (${request.voters.length})`}>
          {request.voters.length === 0 ? <p className="text-sm text-slate-700">No bounty is held for it any more.</p> : (
            <ul className="text-sm" data-testid="request-voters">
              {request.voters.map((voter) => (
                <li key={voter.username} className="flex justify-between border-b border-slate-100 py-1">
                  <span>{voter.username}</span><span className="tabular-nums">{voter.amount}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {Object.values(request.may).some(Boolean) ? (
        <Card title="Actions">
          <RequestActions
            id={request.id}
            minBounty={minBounty}
            may={request.may}
            editing={{ title: request.title, description: request.description, categoryId: request.category?.id ?? null }}
            categories={categories.map((category) => ({ id: category.id, name: category.name }))}
          />
        </Card>
      ) : null}
      <Card title="History">
        <ol className="space-y-1 text-sm" data-testid="request-history">
          {request.history.map((event) => (
            <li key={`${event.at}${event.kind}`}><span className="text-slate-600">{when(event.at)}</span> · {describeEvent(event)}</li>
          ))}
        </ol>
      </Card>
      <Card title={`Comments (${request.comments.length})`}>
        {request.comments.length === 0 ? <p className="text-sm text-slate-700">No comments yet.</p> : (
          <ol className="space-y-4">
            {request.comments.map((comment) => (
              <li key={comment.id} className="border-b border-slate-100 pb-3">
                <p className="text-xs text-slate-600">{comment.author ?? 'deleted member'} · {when(comment.createdAt)}</p>
                <div className="prose-description text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(comment.body) }} />
              </li>
            ))}
          </ol>
        )}
        {request.state !== 'deleted' ? <div className="mt-4"><RequestCommentForm id={request.id} /></div> : null}
      </Card>
    </div>
  );
}
