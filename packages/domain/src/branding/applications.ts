// Joining by application (registration mode "application"): a person applies with the
// name, address and password they want and a few words; the tenant's staff accept or
// reject in a queue; the applicant is mailed either way. Accepting creates the member
// with the chosen password under the plan's member limit (plans/quota.ts), and the
// decision is taken once even when two staff answer at the same moment.
import { hashPassword, passwordProblem } from '@swarmhost/auth/password';
import { forTenant, parseTenantSettings, withTenant } from '@swarmhost/db';
import type { Redis } from 'ioredis';
import { sendVerificationMail } from '../auth/email-verification';
import { AppError } from '../errors';
import type { MailTransport } from '../mail/mail-transport';
import { holdQuota, quotaFullMessage } from '../plans/quota';
import { readTenantLimits } from '../plans/tenant-limits';
import { noteTenantUsageLater } from '../plans/usage-notices';
import { isUniqueViolation } from '../prisma-errors';
import { newPasskey, newRssKey } from '../secrets';
import { checkEmail, checkUsername } from '../validation';

export const APPLICATION_MESSAGE_MAX = 2000;

interface SiteTenant {
  id: string;
  name: string;
  settings: unknown;
}

export interface SubmitApplicationOptions {
  mail: MailTransport;
  tenant: SiteTenant;
  username: string;
  email: string;
  password: string;
  message: string;
}

export async function submitApplication(options: SubmitApplicationOptions): Promise<{ applicationId: string }> {
  const { tenant } = options;
  if (parseTenantSettings(tenant.settings).registrationMode !== 'application') {
    throw new AppError('FORBIDDEN', `${tenant.name} does not take applications right now; see the Register page`);
  }
  const username = checkUsername(options.username.trim());
  const email = checkEmail(options.email);
  const problem = passwordProblem(options.password);
  if (problem) throw new AppError('BAD_REQUEST', problem, { fields: { password: problem } });
  const message = options.message.trim();
  if (message.length === 0) throw new AppError('BAD_REQUEST', 'tell the staff a little about yourself: the message is empty', { fields: { message: 'empty' } });
  if (message.length > APPLICATION_MESSAGE_MAX) {
    throw new AppError('BAD_REQUEST', `the message is ${message.length} characters; use at most ${APPLICATION_MESSAGE_MAX}`, { fields: { message: 'too long' } });
  }
  const db = forTenant(tenant.id);
  const [limits, members] = await Promise.all([readTenantLimits(db, tenant.id), db.member.count()]);
  if (members >= limits.maxMembers) throw new AppError('FORBIDDEN', quotaFullMessage('members', tenant.name, limits.maxMembers));
  const taken = await db.member.findFirst({ where: { OR: [{ username }, { email }] }, select: { username: true } });
  if (taken) {
    throw taken.username.toLowerCase() === username.toLowerCase()
      ? new AppError('CONFLICT', `the username "${username}" is taken; choose another`, { fields: { username: 'taken' } })
      : new AppError('CONFLICT', `${email} already has an account here; log in or reset your password`, { fields: { email: 'taken' } });
  }
  const passwordHash = await hashPassword(options.password);
  let row;
  try {
    row = await db.membershipApplication.create({ data: { tenantId: tenant.id, username, email, passwordHash, message }, select: { id: true } });
  } catch (error) {
    if (isUniqueViolation(error, 'username')) throw new AppError('CONFLICT', `someone applied as "${username}" already and is waiting for an answer; choose another username`, { fields: { username: 'pending' } });
    if (isUniqueViolation(error, 'email')) throw new AppError('CONFLICT', `an application from ${email} is waiting for an answer already; you will be mailed when staff decide`, { fields: { email: 'pending' } });
    throw error;
  }
  await options.mail.send({
    to: email,
    tenantId: tenant.id,
    subject: `${tenant.name}: application received`,
    text: `Thank you for applying to ${tenant.name} as ${username}. The staff read every application; you will get an e-mail with their answer.\n`,
  });
  return { applicationId: row.id };
}

export interface ApplicationView {
  id: string;
  username: string;
  email: string;
  message: string;
  status: 'pending' | 'accepted' | 'rejected';
  createdAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewNote: string | null;
}

export async function listApplications(options: { tenantId: string; status: 'pending' | 'answered' }): Promise<ApplicationView[]> {
  const rows = await forTenant(options.tenantId).membershipApplication.findMany({
    where: options.status === 'pending' ? { status: 'pending' } : { status: { not: 'pending' } },
    orderBy: options.status === 'pending' ? { createdAt: 'asc' } : { reviewedAt: 'desc' },
    take: 100,
    select: { id: true, username: true, email: true, message: true, status: true, createdAt: true, reviewedAt: true, reviewNote: true, reviewedBy: { select: { username: true } } },
  });
  return rows.map(({ reviewedBy, createdAt, reviewedAt, ...row }) => ({
    ...row,
    createdAt: createdAt.toISOString(),
    reviewedAt: reviewedAt?.toISOString() ?? null,
    reviewedBy: reviewedBy?.username ?? null,
  }));
}

export interface ReviewApplicationOptions {
  redis: Redis;
  mail: MailTransport;
  tenant: { id: string; name: string };
  siteUrl: string;
  reviewerId: string;
  applicationId: string;
  decision: 'accept' | 'reject';
  note?: string;
}

export async function reviewApplication(options: ReviewApplicationOptions): Promise<{ status: 'accepted' | 'rejected'; memberId: string | null }> {
  const tenantId = options.tenant.id;
  const note = options.note?.trim() || null;
  if (note !== null && note.length > 1000) throw new AppError('BAD_REQUEST', 'the note to the applicant: use at most 1,000 characters', { fields: { note: 'too long' } });
  const status = options.decision === 'accept' ? 'accepted' : 'rejected';
  let outcome: { memberId: string | null; email: string; username: string };
  try {
    outcome = await withTenant(tenantId, async (tx) => {
      // The conditional update decides: of two staff answering at once, the second
      // waits on the row, then matches nothing.
      const claimed = await tx.membershipApplication.updateMany({
        where: { id: options.applicationId, status: 'pending' },
        data: { status, reviewedById: options.reviewerId, reviewedAt: new Date(), reviewNote: note },
      });
      const application = await tx.membershipApplication.findUnique({ where: { id: options.applicationId }, select: { username: true, email: true, passwordHash: true, status: true } });
      if (!application) throw new AppError('NOT_FOUND', 'this application does not exist; reload the queue');
      if (claimed.count !== 1) throw new AppError('CONFLICT', `this application was ${application.status} already; reload the queue`);
      if (status === 'rejected') return { memberId: null, email: application.email, username: application.username };
      await holdQuota(tx, { tenantId, tenantName: options.tenant.name, resource: 'members' });
      const defaultGroup = await tx.group.findFirst({ where: { tenantId, isDefault: true }, select: { id: true } });
      const member = await tx.member.create({
        data: { tenantId, username: application.username, email: application.email, passwordHash: application.passwordHash, passkey: newPasskey(), rssKey: newRssKey(), groupId: defaultGroup?.id ?? null },
        select: { id: true },
      });
      await tx.membershipApplication.update({ where: { id: options.applicationId }, data: { memberId: member.id } });
      return { memberId: member.id, email: application.email, username: application.username };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'username') || isUniqueViolation(error, 'email')) {
      throw new AppError('CONFLICT', 'a member with this username or e-mail address joined since this application was made; reject it with a note asking them to apply again under another name');
    }
    throw error;
  }
  const login = `${options.siteUrl}/login`;
  await options.mail.send({
    to: outcome.email,
    tenantId,
    subject: `${options.tenant.name}: your application was ${status}`,
    text:
      status === 'accepted'
        ? `Welcome to ${options.tenant.name}, ${outcome.username}! Your application was accepted. Log in with the password you chose: ${login}\n${note ? `\nFrom the staff: ${note}\n` : ''}`
        : `Your application to ${options.tenant.name} was not accepted.${note ? `\n\nFrom the staff: ${note}` : ''}\n`,
  });
  if (outcome.memberId !== null) {
    await sendVerificationMail({ redis: options.redis, mail: options.mail, tenantId, memberId: outcome.memberId, email: outcome.email, siteUrl: options.siteUrl });
    noteTenantUsageLater({ tenantId, tenantName: options.tenant.name, mail: options.mail });
  }
  return { status, memberId: outcome.memberId };
}
