// Outgoing mail behind one small port: SMTP (nodemailer) in production, and in
// development an outbox in Redis that the site's /dev/outbox page lists.
import nodemailer from 'nodemailer';
import type { Redis } from 'ioredis';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /**
   * The tenant whose member the mail is for (absent: a platform mail, e.g. to an
   * operator). The outbox page shows a mail only on that tenant's own site.
   */
  tenantId?: string;
}

export interface MailTransport {
  send(mail: Mail): Promise<void>;
}

export interface OutboxMail extends Mail {
  sentAt: string;
}

const OUTBOX_KEY = 'swarmhost:mail-outbox';
const OUTBOX_SIZE = 200;

export function createOutboxTransport(redis: Redis): MailTransport {
  return {
    async send(mail) {
      const entry: OutboxMail = { ...mail, sentAt: new Date().toISOString() };
      await redis.multi().lpush(OUTBOX_KEY, JSON.stringify(entry)).ltrim(OUTBOX_KEY, 0, OUTBOX_SIZE - 1).exec();
    },
  };
}

/**
 * Newest first. With `scope`, only one site's mails: a tenant's (`tenantId`) or the
 * platform's (`tenantId: null`), so one community's page never shows another's links.
 */
export async function readOutbox(redis: Redis, limit = 50, scope?: { tenantId: string | null }): Promise<OutboxMail[]> {
  const raw = await redis.lrange(OUTBOX_KEY, 0, scope ? OUTBOX_SIZE - 1 : limit - 1);
  const mails = raw.map((entry) => JSON.parse(entry) as OutboxMail);
  const visible = scope ? mails.filter((mail) => (mail.tenantId ?? null) === scope.tenantId) : mails;
  return visible.slice(0, limit);
}

export function createSmtpTransport(options: { url: string; from: string }): MailTransport {
  const transporter = nodemailer.createTransport(options.url);
  return {
    async send(mail) {
      await transporter.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
