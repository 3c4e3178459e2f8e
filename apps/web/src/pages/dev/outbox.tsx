// The mails the site "sent" while MAIL_TRANSPORT=outbox (local runs, `next dev` or
// `next start` with ALLOW_DEV_OUTBOX=1), newest first, so verification and reset links
// can be followed without an SMTP server. A Pages Router page because only here does
// the server see the connection's own address: the page answers loopback clients only
// (server/dev-outbox.ts) and shows the requesting site's mails only; everyone else,
// and every request once SMTP is configured, gets a 404.
import type { OutboxMail } from '@swarmhost/domain';
import type { GetServerSideProps } from 'next';
import { devOutboxFor } from '~/server/dev-outbox';
import { webConfig } from '~/server/env';
import { apiServices } from '~/server/services';

type ShownMail = Pick<OutboxMail, 'to' | 'subject' | 'text' | 'sentAt'>;

interface OutboxProps {
  mails: ShownMail[];
}

// Plain server-rendered HTML: the page needs no script (and gets none past the CSP).
export const config = { unstable_runtimeJS: false };

export const getServerSideProps: GetServerSideProps<OutboxProps> = async ({ req, res }) => {
  const mails = await devOutboxFor(req, { config: webConfig(), redis: apiServices().redis });
  if (!mails) return { notFound: true };
  res.setHeader('cache-control', 'no-store');
  return { props: { mails: mails.map(({ to, subject, text, sentAt }) => ({ to, subject, text, sentAt })) } };
};

export default function OutboxPage({ mails }: OutboxProps) {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '60rem', margin: '2rem auto', padding: '0 1rem' }}>
      <h1>Dev outbox</h1>
      <p>Mails kept in Redis instead of being sent (MAIL_TRANSPORT=outbox), for this site only.</p>
      {mails.length === 0 && <p>No mails for this site yet.</p>}
      {mails.map((mail) => (
        <section key={`${mail.sentAt}${mail.to}${mail.subject}`} style={{ border: '1px solid #cbd5e1', borderRadius: '0.5rem', padding: '0.75rem', margin: '1rem 0' }}>
          <h2 style={{ fontSize: '1rem', margin: 0 }}>{mail.subject}</h2>
          <p style={{ fontSize: '0.75rem', color: '#475569' }}>To {mail.to} · {mail.sentAt}</p>
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{mail.text}</pre>
        </section>
      ))}
    </main>
  );
}
