// /rules: the community's rules, readable before joining.
import { MarkdownPage } from '~/components/site/markdown-page';
import { tenantPage } from '~/server/page-context';

export default async function RulesPage() {
  const { api, member, tenant } = await tenantPage();
  const pages = await api.site.pages();
  return <MarkdownPage title="Rules" markdown={pages.rulesMarkdown} emptyText={`${tenant.name} has not written its rules yet.`} canEdit={member?.role === 'admin'} />;
}
