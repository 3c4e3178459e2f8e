// The mails the site "sent" while MAIL_TRANSPORT=outbox (local runs, `next dev` or
// `next start`), newest first, so verification and reset links can be followed
// without an SMTP server. With SMTP configured the page does not exist.
import { devOutboxEnabled } from '@swarmhost/config';
import { readOutbox } from '@swarmhost/domain';
import { Card, PageTitle } from '@swarmhost/ui';
import { notFound } from 'next/navigation';
import { webConfig } from '~/server/env';
import { apiServices } from '~/server/services';

export default async function OutboxPage() {
  const config = webConfig();
  if (!devOutboxEnabled(config)) notFound();
  const mails = await readOutbox(apiServices().redis);
  return (
    <div className="space-y-4">
      <PageTitle subtitle="Mails kept in Redis instead of being sent (MAIL_TRANSPORT=outbox).">Dev outbox</PageTitle>
      {mails.map((mail) => (
        <Card key={`${mail.sentAt}${mail.to}`} title={mail.subject}>
          <p className="text-xs text-slate-600">To {mail.to} · {mail.sentAt}</p>
          <pre className="mt-2 whitespace-pre-wrap break-all text-sm">{mail.text}</pre>
        </Card>
      ))}
    </div>
  );
}
