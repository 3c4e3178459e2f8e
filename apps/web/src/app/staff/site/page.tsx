// /staff/site: the community's admins set its accent colour, logo, rules, FAQ and
// registration mode — in the site's own staff tools, where UNIT3D and Gazelle keep
// site settings, so a community's admins need no console account for them.
import { PageTitle } from '@swarmhost/ui';
import { notFound, redirect } from 'next/navigation';
import { SiteSettingsForm } from '~/components/site/site-settings-form';
import { tenantPage } from '~/server/page-context';

export default async function StaffSitePage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role !== 'admin') notFound();
  const settings = await api.site.settings();
  return (
    <div className="space-y-6">
      <PageTitle subtitle="What every visitor sees: changes show on the next page load.">Site look, pages and registration</PageTitle>
      <SiteSettingsForm initial={settings} />
    </div>
  );
}
