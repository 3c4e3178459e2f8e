// One torrent: details, files, description (sanitised Markdown), swarm and peers
// summary, snatches, comments; staff tools for staff. Other tenants' torrents 404.
import { formatBytes, Card, PageTitle, buttonClass } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';
import { LiveSwarmCounts } from '~/components/live/live-swarm-counts';
import { TorrentStaffTools } from '~/components/staff/torrent-staff-tools';
import { TipBox } from '~/components/bonus/tip-box';
import { AddToPlaylist } from '~/components/playlists/add-to-playlist';
import { ReportButton } from '~/components/reports/report-button';
import { FreeleechToken } from '~/components/torrents/freeleech-token';
import { SwarmPeersCard } from '~/components/torrents/swarm-peers-card';
import { CommentForm, TorrentActions } from '~/components/torrents/torrent-actions';
import { tenantPage } from '~/server/page-context';

export default async function TorrentPage(props: { params: Promise<{ id: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { id } = await props.params;
  const torrent = await api.torrents.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const isStaff = member.role !== 'member';
  const [peers, categories, tipTotal, bonus, token] = await Promise.all([
    api.torrents.peers({ id }),
    isStaff ? api.torrents.categories() : [],
    api.bonus.tipTotal({ torrentId: torrent.id }),
    api.bonus.summary(),
    api.torrents.freeleechToken({ torrentId: torrent.id }),
  ]);
  // A token is worth spending only where the member's download would count.
  const alreadyFree = torrent.freeleechPercent === 100 || bonus.personalFreeleechUntil !== null;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`${torrent.category?.name ?? 'Uncategorised'} · ${formatBytes(torrent.size)} · uploaded ${torrent.createdAt.slice(0, 10)}${torrent.uploader ? ` by ${torrent.uploader}` : ''}`}>
        {torrent.name}
      </PageTitle>
      {torrent.status !== 'approved' ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          Status: {torrent.status}{torrent.statusReason ? ` — ${torrent.statusReason}` : ''}
        </p>
      ) : null}
      {bonus.personalFreeleechUntil ? (
        <p className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="personal-freeleech">
          Your download here is freeleech: personal freeleech until {bonus.personalFreeleechUntil.slice(0, 16).replace('T', ' ')} UTC.
        </p>
      ) : null}
      {torrent.status === 'approved' && (token.usedAt !== null || !alreadyFree) ? (
        <FreeleechToken torrentId={torrent.id} tokens={bonus.freeleechTokens} usedAt={token.usedAt} snatched={token.completed} />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        {member.emailVerified ? (
          <a href={`/torrents/${torrent.id}/download`} className={buttonClass} download>
            Download .torrent
          </a>
        ) : (
          <p className="text-sm text-slate-700">Confirm your e-mail address to download this torrent.</p>
        )}
        <TorrentActions torrentId={torrent.id} bookmarked={torrent.bookmarked} thanked={torrent.thanked} canReact={torrent.status === 'approved'} />
        {torrent.status === 'approved' ? <AddToPlaylist torrentId={torrent.id} torrentName={torrent.name} /> : null}
        <ReportButton targetType="torrent" targetId={torrent.id} label={`"${torrent.name}"`} />
      </div>
      <div className="grid gap-6 md:grid-cols-3">
        <Card title="Swarm">
          <dl className="grid grid-cols-2 gap-1 text-sm">
            <dt>Seeders</dt><dd className="tabular-nums">{torrent.seeders}</dd>
            <dt>Leechers</dt><dd className="tabular-nums">{torrent.leechers}</dd>
            <dt>Live</dt><dd><LiveSwarmCounts torrentId={torrent.id} seeders={torrent.seeders} leechers={torrent.leechers} /></dd>
            <dt>Snatches</dt><dd className="tabular-nums">{torrent.snatchCount}</dd>
            <dt>Live peers</dt><dd className="tabular-nums">{torrent.peers.seeders} seeding, {torrent.peers.leechers} leeching, {torrent.peers.partialSeeds} partial</dd>
            <dt>Members in swarm</dt><dd className="tabular-nums">{torrent.peers.members}</dd>
            <dt>Bookmarks</dt><dd className="tabular-nums">{torrent.bookmarks}</dd>
            <dt>Thanks</dt><dd className="tabular-nums">{torrent.thanks}</dd>
            <dt>Freeleech</dt><dd>{torrent.freeleechPercent}%{torrent.doubleUpload ? ', double upload' : ''}</dd>
          </dl>
        </Card>
        <Card title="Details">
          <dl className="text-sm">
            <dt className="font-medium">Info hash</dt>
            <dd className="break-all font-mono text-xs" data-testid="info-hash">{torrent.infoHash}</dd>
            <dt className="mt-2 font-medium">Tags</dt>
            <dd>{torrent.tags.length ? torrent.tags.join(', ') : '—'}</dd>
            {torrent.imdbId ? (
              <>
                <dt className="mt-2 font-medium">IMDb</dt>
                <dd data-testid="imdb-id"><a className="text-indigo-700 underline" href={`https://www.imdb.com/title/${torrent.imdbId}/`} rel="noopener noreferrer" target="_blank">{torrent.imdbId}</a></dd>
              </>
            ) : null}
            {torrent.tmdbId ? (
              <>
                <dt className="mt-2 font-medium">TMDB</dt>
                <dd data-testid="tmdb-id">{torrent.tmdbId}</dd>
              </>
            ) : null}
          </dl>
        </Card>
        <Card title="Recent snatches">
          {torrent.recentSnatches.length === 0 ? <p className="text-sm text-slate-700">None yet.</p> : (
            <ul className="text-sm">{torrent.recentSnatches.map((snatch) => <li key={`${snatch.username}${snatch.completedAt}`}>{snatch.username} · {snatch.completedAt.slice(0, 10)}</li>)}</ul>
          )}
        </Card>
      </div>
      {torrent.status === 'approved' ? (
        <Card title="Tip the uploader">
          <TipBox torrentId={torrent.id} uploader={torrent.uploader} tipTotal={tipTotal} ownUpload={torrent.uploader === member.username} />
        </Card>
      ) : null}
      <SwarmPeersCard peers={peers} />
      <Card title="Description">
        {/* renderMarkdown escapes raw HTML and unsafe links (see @swarmhost/ui/markdown). */}
        <div className="prose-description" dangerouslySetInnerHTML={{ __html: renderMarkdown(torrent.description || '_No description._') }} />
      </Card>
      <Card title={`Files (${torrent.files.length})`}>
        <ul className="max-h-72 overflow-y-auto text-sm">
          {torrent.files.map((file) => (
            <li key={file.path} className="flex justify-between gap-4 border-b border-slate-100 py-1">
              <span className="break-all">{file.path}</span>
              <span className="whitespace-nowrap tabular-nums">{formatBytes(file.length)}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={`Comments (${torrent.comments.length})`}>
        <ol className="space-y-4">
          {torrent.comments.map((comment) => (
            <li key={comment.id} id={`comment-${comment.id}`} className="border-b border-slate-100 pb-3">
              <p className="text-xs text-slate-600">{comment.author ?? 'deleted member'} · {comment.createdAt.slice(0, 16).replace('T', ' ')}</p>
              <div className="prose-description text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(comment.body) }} />
              {comment.author !== member.username ? <ReportButton small targetType="comment" targetId={comment.id} label={`${comment.author ?? 'a deleted member'}'s comment`} /> : null}
            </li>
          ))}
        </ol>
        {torrent.status === 'approved' ? <CommentForm torrentId={torrent.id} /> : null}
      </Card>
      {isStaff ? (
        <TorrentStaffTools
          categories={categories}
          torrent={{
            id: torrent.id,
            name: torrent.name,
            description: torrent.description,
            categoryId: torrent.category?.id ?? null,
            freeleechPercent: torrent.freeleechPercent,
            doubleUpload: torrent.doubleUpload,
            imdbId: torrent.imdbId,
            tmdbId: torrent.tmdbId,
            status: torrent.status,
          }}
        />
      ) : null}
    </div>
  );
}
