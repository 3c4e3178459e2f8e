// A mail to the member after every change to how they sign in, so a change they did
// not make (a stolen session, a reset link someone else opened) does not go unnoticed.
import type { MailTransport } from './mail-transport';

export type SecurityChange =
  | { kind: 'totp-enabled' }
  | { kind: 'totp-replaced' }
  | { kind: 'totp-disabled' }
  | { kind: 'recovery-codes-replaced' }
  | { kind: 'passkey-added'; name: string }
  | { kind: 'passkey-removed'; name: string }
  | { kind: 'password-changed' }
  | { kind: 'email-changed'; newEmail: string }
  | { kind: 'password-reset'; passkeysRemoved: number };

function describe(change: SecurityChange): { subject: string; what: string } {
  switch (change.kind) {
    case 'totp-enabled':
      return { subject: 'Two-factor authentication turned on', what: 'Two-factor authentication (TOTP) was turned on for your account, with new recovery codes.' };
    case 'totp-replaced':
      return {
        subject: 'Two-factor authentication replaced',
        what: 'Your authenticator app was replaced by a new one: the old codes and recovery codes no longer work.',
      };
    case 'totp-disabled':
      return { subject: 'Two-factor authentication turned off', what: 'Two-factor authentication (TOTP) was turned off for your account.' };
    case 'recovery-codes-replaced':
      return { subject: 'New recovery codes', what: 'New recovery codes were made for your account; the old ones no longer work.' };
    case 'passkey-added':
      return { subject: 'A passkey was added', what: `A passkey named "${change.name}" was added to your account; it can log in on its own.` };
    case 'passkey-removed':
      return { subject: 'A passkey was removed', what: `The passkey named "${change.name}" was removed from your account.` };
    case 'password-changed':
      return { subject: 'Your password was changed', what: 'Your password was changed and every session was signed out.' };
    case 'email-changed':
      return {
        subject: 'Your e-mail address was changed',
        what: `Your account's e-mail address was changed from this address to ${change.newEmail}; mails (and password resets) go there now.`,
      };
    case 'password-reset':
      return {
        subject: 'Your password was reset',
        what:
          'Your password was reset with a link from this address, and every session was signed out.' +
          (change.passkeysRemoved > 0 ? ` Your ${change.passkeysRemoved} passkey(s) were removed; add them again in Settings.` : ''),
      };
  }
}

export async function sendSecurityNotice(options: {
  mail: MailTransport;
  to: string;
  siteName: string;
  siteUrl: string;
  change: SecurityChange;
  /** The member's tenant: the dev outbox shows the mail on that site only. */
  tenantId?: string;
}): Promise<void> {
  const { subject, what } = describe(options.change);
  await options.mail.send({
    to: options.to,
    tenantId: options.tenantId,
    subject: `${options.siteName}: ${subject}`,
    text:
      `${what}\n\nIf this was you, nothing more to do. If it was not, reset your password now at ` +
      `${options.siteUrl}/forgot-password (it signs out every session and removes passkeys) and tell the community's staff.\n`,
  });
}
