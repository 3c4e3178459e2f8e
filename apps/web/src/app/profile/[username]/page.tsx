// A member's profile: totals, ratio, seed time, snatches, uploads, bonus — minus what
// they chose to hide from other members. Hit-and-run warnings and status: only on the
// member's own page and for staff (as UNIT3D shows them).
import { Card, formatBytes, formatDuration, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ProfileMessageActions } from '~/components/messages/block-list';
import { PlaylistCards } from '~/components/playlists/playlist-cards';
import { ReportButton } from '~/components/reports/report-button';
import { TorrentTable } from '~/components/torrents/torrent-table';
import { tenantPage } from '~/server/page-context';
import { DownloadsDisabledBanner, HitAndRunCard } from './hit-and-run-card';

export default async function ProfilePage(props: { params: Promise<{ username: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { username } = await props.params;
  const profile = await api.account.profile({ username: decodeURIComponent(username) }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const hidden = <span className="text-slate-600">hidden</span>;
  // The member's own page lists the torrents they have peers in now; counts update live.
  const own = profile.username === member.username;
  const [seeding, leeching] = own ? await Promise.all([api.torrents.list({ mine: 'seeding' }), api.torrents.list({ mine: 'leeching' })]) : [null, null];
  const hitAndRun = own || member.role !== 'member' ? await api.hitAndRun.status({ username: profile.username }) : null;
  // Playlists: all of the member's own, only public ones for everyone else.
  const playlists = await api.playlists.byMember({ username: profile.username });
  const blocking = own ? false : await api.messages.isBlocking({ username: profile.username });
  return (
    <div className="space-y-6">
    {hitAndRun ? <DownloadsDisabledBanner status={hitAndRun} own={own} /> : null}
    <Card>
      <PageTitle subtitle={`${profile.role}${profile.group ? ` · ${profile.group}` : ''} · joined ${profile.joinedAt.slice(0, 10)}`}>{profile.username}</PageTitle>
      {own ? null : <ProfileMessageActions username={profile.username} blocked={blocking} canBlock={profile.role === 'member'} />}
      {own ? null : <div className="mb-3"><ReportButton targetType="member" targetId={profile.id} label={profile.username} /></div>}
      <dl className="grid max-w-xl grid-cols-2 gap-2 text-sm">
        <dt>Uploaded</dt><dd>{profile.stats ? formatBytes(profile.stats.uploaded) : hidden}</dd>
        <dt>Downloaded</dt><dd>{profile.stats ? formatBytes(profile.stats.downloaded) : hidden}</dd>
        <dt>Ratio</dt><dd>{profile.stats ? (profile.stats.ratio === null ? '∞' : profile.stats.ratio.toFixed(2)) : hidden}</dd>
        <dt>Seed time</dt><dd>{profile.stats ? formatDuration(profile.stats.seedSeconds) : hidden}</dd>
        <dt>Bonus points</dt><dd>{profile.stats ? profile.stats.bonusPoints.toFixed(1) : hidden}</dd>
        <dt>Snatches</dt><dd>{profile.snatches ?? hidden}</dd>
        <dt>Uploads</dt><dd>{profile.uploads ?? hidden}</dd>
      </dl>
    </Card>
    {seeding && leeching ? (
      <Card title="My active torrents">
        <h3 className="mb-2 text-sm font-semibold">Seeding</h3>
        <TorrentTable items={seeding.items} emptyText="You are not seeding anything right now." />
        <h3 className="mb-2 mt-4 text-sm font-semibold">Leeching</h3>
        <TorrentTable items={leeching.items} emptyText="You are not leeching anything right now." />
      </Card>
    ) : null}
    {hitAndRun ? <HitAndRunCard status={hitAndRun} own={own} /> : null}
    <Card title={own ? 'My playlists' : 'Playlists'}>
      {playlists.length === 0 ? (
        <p className="text-slate-700" data-testid="profile-playlists-empty">
          {own ? <>You have no playlists yet. <Link href="/playlists#new-playlist" className="text-indigo-800 underline">Start one</Link>.</> : `${profile.username} has no public playlists.`}
        </p>
      ) : (
        <PlaylistCards playlists={playlists} showOwner={false} />
      )}
    </Card>
    </div>
  );
}
