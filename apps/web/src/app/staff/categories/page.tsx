// Staff: the community's categories as Prowlarr, Sonarr and Radarr see them — each one
// filed under a standard Newznab category (2000 Movies, 5040 TV/HD, …) that Torznab's
// caps, results and cat= filters use. Until staff pick one, it is guessed from the name.
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { tenantPage } from '~/server/page-context';
import { NewznabSelect } from './newznab-select';

export default async function StaffCategoriesPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const { categories, choices } = await api.staff.categoriesNewznab();
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Which Newznab category each of your categories is under, for Prowlarr, Sonarr and Radarr (Torznab). Radarr looks in 2000 Movies, Sonarr in 5000 TV.">
        Categories for Torznab
      </PageTitle>
      <p className="text-sm"><Link className="text-indigo-700 underline" href="/staff">Back to staff tools</Link></p>
      <Card title={`Categories (${categories.length})`}>
        {categories.length === 0 ? (
          <p className="text-sm text-slate-700">This community has no categories yet, so Torznab files every torrent under 8000 Other.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr><th scope="col" className="px-2 py-1">Category</th><th scope="col" className="px-2 py-1">Torznab id</th><th scope="col" className="px-2 py-1">Newznab category</th></tr>
            </thead>
            <tbody>
              {categories.map((category) => (
                <tr key={category.id} className="border-t border-slate-100" data-testid={`newznab-row-${category.slug}`}>
                  <td className="px-2 py-1 font-medium">{category.name}</td>
                  <td className="px-2 py-1 tabular-nums">{category.torznabId}</td>
                  <td className="px-2 py-1">
                    <NewznabSelect categoryId={category.id} categoryName={category.name} value={category.newznabId} guessed={category.guessed} choices={choices} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
