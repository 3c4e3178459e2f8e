// /faq: the community's answers to common questions, readable before joining.
import { MarkdownPage } from '~/components/site/markdown-page';
import { tenantPage } from '~/server/page-context';

export default async function FaqPage() {
  const { api, member, tenant } = await tenantPage();
  const pages = await api.site.pages();
  return <MarkdownPage title="FAQ" markdown={pages.faqMarkdown} emptyText={`${tenant.name} has no FAQ yet.`} canEdit={member?.role === 'admin'} />;
}
