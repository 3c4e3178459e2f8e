// A community's front page for a signed-in member (issue 12): staff news, the member at a
// glance, the latest and the most seeded torrents, the biggest open requests, and who
// was on the site in the last quarter of an hour.
import type { HomePage } from '@swarmhost/domain';
import { Card, formatBytes, formatDuration, PageTitle } from '@swarmhost/ui';
import { renderMarkdown } from '@swarmhost/ui/markdown';
import Link from 'next/link';
import { NewsForm, RemoveNewsButton } from './news-form';

function TorrentList(props: { items: HomePage['latest']; empty: string; testId: string }) {
  if (props.items.length === 0) return <p className="text-sm text-slate-700">{props.empty}</p>;
  return (
    <ul className="text-sm" data-testid={props.testId}>
      {props.items.map((item) => (
        <li key={item.id} className="flex justify-between gap-3 border-b border-slate-100 py-1">
          <Link href={`/torrents/${item.id}`} className="truncate text-indigo-800 hover:underline">{item.name}</Link>
          <span className="whitespace-nowrap tabular-nums text-slate-600">{formatBytes(item.size)} · {item.seeders}↑ {item.leechers}↓</span>
        </li>
      ))}
    </ul>
  );
}

export function CommunityHome(props: { name: string; username: string; isStaff: boolean; home: HomePage }) {
  const { home } = props;
  const ratio = home.me.ratio === null ? '∞' : home.me.ratio.toFixed(2);
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`Welcome back, ${props.username}.`}>{props.name}</PageTitle>
      <Card title="You at a glance">
        <dl className="grid grid-cols-2 gap-2 text-sm md:grid-cols-6" data-testid="home-me">
          <div><dt className="text-slate-600">Ratio</dt><dd className="font-semibold tabular-nums">{ratio}</dd></div>
          <div><dt className="text-slate-600">Uploaded</dt><dd className="tabular-nums">{formatBytes(home.me.uploaded)}</dd></div>
          <div><dt className="text-slate-600">Downloaded</dt><dd className="tabular-nums">{formatBytes(home.me.downloaded)}</dd></div>
          <div><dt className="text-slate-600">Seed time</dt><dd className="tabular-nums">{formatDuration(home.me.seedSeconds)}</dd></div>
          <div><dt className="text-slate-600">Bonus points</dt><dd className="tabular-nums"><Link href="/bonus" className="underline">{home.me.points}</Link></dd></div>
          <div>
            <dt className="text-slate-600">Hit-and-run warnings</dt>
            <dd className={home.me.activeWarnings > 0 ? 'font-semibold text-red-800' : ''}>{home.me.activeWarnings}</dd>
          </div>
        </dl>
      </Card>
      <div className="grid gap-6 md:grid-cols-3">
        <div className="space-y-6 md:col-span-2">
          <Card title="News">
            {home.news.length === 0 ? (
              <p className="text-sm text-slate-700">No news yet.{props.isStaff ? ' Post the first below.' : ''}</p>
            ) : (
              <ol className="space-y-4" data-testid="home-news">
                {home.news.map((post) => (
                  <li key={post.id} className="border-b border-slate-100 pb-3">
                    <h3 className="font-semibold">{post.title}</h3>
                    <p className="text-xs text-slate-600">{post.author ?? 'staff'} · {post.createdAt.slice(0, 10)}</p>
                    <div className="prose-description text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(post.body) }} />
                    {props.isStaff ? <RemoveNewsButton id={post.id} title={post.title} /> : null}
                  </li>
                ))}
              </ol>
            )}
            {props.isStaff ? <div className="mt-4"><NewsForm /></div> : null}
          </Card>
          <div className="grid gap-6 md:grid-cols-2">
            <Card title="Latest torrents">
              <TorrentList items={home.latest} empty="Nothing uploaded yet." testId="home-latest" />
            </Card>
            <Card title="Most seeded">
              <TorrentList items={home.mostSeeded} empty="Nobody is seeding yet." testId="home-most-seeded" />
            </Card>
          </div>
        </div>
        <div className="space-y-6">
          <Card title="Biggest open requests">
            {home.requests.length === 0 ? (
              <p className="text-sm text-slate-700">No open requests. <Link href="/requests/new" className="underline">Ask for something</Link>.</p>
            ) : (
              <ul className="text-sm" data-testid="home-requests">
                {home.requests.map((request) => (
                  <li key={request.id} className="flex justify-between gap-3 border-b border-slate-100 py-1">
                    <Link href={`/requests/${request.id}`} className="truncate text-indigo-800 hover:underline">{request.title}</Link>
                    <span className="whitespace-nowrap tabular-nums text-slate-600">{request.bounty} pts</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Latest forum posts">
            {home.forumPosts.length === 0 ? (
              <p className="text-sm text-slate-700">No forum posts yet. <Link href="/forums" className="underline">Visit the forums</Link>.</p>
            ) : (
              <ul className="space-y-2 text-sm" data-testid="home-forum-posts">
                {home.forumPosts.map((post) => (
                  <li key={post.id} className="border-b border-slate-100 pb-1">
                    <Link href={`/forums/topics/${post.topic.id}?page=${post.page}#post-${post.position}`} className="font-medium text-indigo-800 hover:underline">{post.topic.title}</Link>
                    <p className="text-xs text-slate-600">{post.author ?? 'former member'} in {post.forum.name} · {post.createdAt.slice(0, 16).replace('T', ' ')} UTC</p>
                    {post.excerpt ? <p className="truncate text-slate-700">{post.excerpt}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={`Online now (${home.online.count})`}>
            <p className="mb-2 text-xs text-slate-600">Seen in the last 15 minutes.</p>
            <ul className="flex flex-wrap gap-x-3 gap-y-1 text-sm" data-testid="home-online">
              {home.online.members.map((member) => (
                <li key={member.username}>
                  <Link href={`/profile/${member.username}`} className={member.staff ? 'font-semibold text-indigo-800 hover:underline' : 'hover:underline'}>{member.username}</Link>
                </li>
              ))}
            </ul>
            {home.online.count > home.online.members.length ? <p className="mt-2 text-xs text-slate-600">and {home.online.count - home.online.members.length} more</p> : null}
          </Card>
        </div>
      </div>
    </div>
  );
}
