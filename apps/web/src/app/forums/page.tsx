// The forum index: categories with the forums the member's group may read, their topic
// and post counts, the last post, and how many topics have posts the member has not read.
import { Card, inputClass, PageTitle, secondaryButtonClass } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { when } from '~/components/forums/pager';
import { tenantPage } from '~/server/page-context';

export default async function ForumsPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const index = await api.forums.index();
  const staff = member.role !== 'member';
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Talk with the community. Bold titles have posts you have not read.">Forums</PageTitle>
      <form action="/forums/search" method="get" role="search" className="flex max-w-xl items-end gap-2">
        <label className="flex-1 text-sm">
          Search the forums
          <input type="search" name="q" required minLength={2} maxLength={200} className={inputClass} placeholder="words in topics and posts" />
        </label>
        <button type="submit" className={secondaryButtonClass}>Search</button>
      </form>
      {staff ? <p className="text-sm"><Link className="text-indigo-700 underline" href="/staff/forums">Set up categories, forums and who may read them</Link></p> : null}
      {index.length === 0 ? (
        <Card><p className="text-sm text-slate-700">There are no forums you can read yet.{staff ? ' Create one under Staff → Forums.' : ''}</p></Card>
      ) : (
        index.map((category) => (
          <Card key={category.id} title={category.name}>
            {category.forums.length === 0 ? <p className="text-sm text-slate-700">No forums in this category yet.</p> : (
              <table className="w-full text-left text-sm" data-testid="forum-index">
                <thead>
                  <tr className="text-slate-600"><th scope="col" className="py-1">Forum</th><th scope="col" className="text-right">Topics</th><th scope="col" className="text-right">Posts</th><th scope="col" className="pl-4">Last post</th></tr>
                </thead>
                <tbody>
                  {category.forums.map((forum) => (
                    <tr key={forum.id} className="border-t border-slate-100 align-top">
                      <td className="py-2">
                        <Link href={`/forums/${forum.id}`} className={`text-indigo-800 hover:underline ${forum.unreadTopics > 0 ? 'font-bold' : ''}`}>{forum.name}</Link>
                        {forum.unreadTopics > 0 ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">{forum.unreadTopics} unread</span> : null}
                        {forum.description ? <p className="text-slate-600">{forum.description}</p> : null}
                      </td>
                      <td className="text-right tabular-nums">{forum.topics.toLocaleString('en')}</td>
                      <td className="text-right tabular-nums">{forum.posts.toLocaleString('en')}</td>
                      <td className="pl-4 text-slate-700">
                        {forum.lastPost ? (
                          <>
                            <Link className="hover:underline" href={`/forums/topics/${forum.lastPost.topicId}?page=${Math.ceil(forum.lastPost.position / 25)}#post-${forum.lastPost.position}`}>{forum.lastPost.topicTitle}</Link>
                            <p className="text-xs text-slate-600">{forum.lastPost.author ?? 'former member'} · {forum.lastPost.at ? when(forum.lastPost.at) : ''}</p>
                          </>
                        ) : <span className="text-slate-500">No posts yet</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        ))
      )}
    </div>
  );
}
