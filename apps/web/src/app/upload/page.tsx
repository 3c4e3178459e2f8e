// The upload page.
import { parseTenantSettings } from '@swarmhost/db';
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { redirect } from 'next/navigation';
import { UploadForm } from '~/components/torrents/upload-form';
import { tenantPage } from '~/server/page-context';

export default async function UploadPage() {
  const { tenant, member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (!member.emailVerified) {
    return (
      <Card>
        <PageTitle>Upload</PageTitle>
        <Notice>Uploading opens once your e-mail address is confirmed (see the notice above).</Notice>
      </Card>
    );
  }
  const categories = await api.torrents.categories();
  return (
    <Card>
      <PageTitle subtitle="Share a .torrent with the community.">Upload</PageTitle>
      <UploadForm categories={categories} moderated={parseTenantSettings(tenant.settings).moderationRequired} />
    </Card>
  );
}
