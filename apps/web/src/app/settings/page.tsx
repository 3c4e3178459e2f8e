// A member's settings: password, e-mail, two-factor, passkeys, tracker keys, API tokens and feeds, privacy, invites.
import { PageTitle } from '@swarmhost/ui';
import { redirect } from 'next/navigation';
import { BlockListCard } from '~/components/messages/block-list';
import { ApiTokensCard } from '~/components/settings/api-token-settings';
import { InvitesCard, KeysCard, PrivacyCard } from '~/components/settings/key-settings';
import { PasskeysCard } from '~/components/settings/passkey-settings';
import { ChangePasswordCard, EmailCard, LogoutEverywhereCard, TotpCard } from '~/components/settings/security-settings';
import { StepUpProvider } from '~/components/settings/step-up';
import { tenantPage } from '~/server/page-context';

export default async function SettingsPage() {
  const { member, api, context } = await tenantPage();
  if (!member) redirect('/login');
  const [keys, passkeys, invites, profile, apiTokens, categories] = await Promise.all([
    api.account.keys(),
    api.account.passkeys(),
    api.account.invites(),
    api.account.profile({ username: member.username }),
    api.apiTokens.list(),
    api.torrents.categories(),
  ]);
  const announceUrl = `${context.services.trackerBaseUrl.replace(/\/+$/, '')}/${keys.passkey}/announce`;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`Signed in as ${member.username}${member.emailVerified ? '' : ' · e-mail not confirmed yet (see the mail we sent)'}`}>Settings</PageTitle>
      <KeysCard passkey={keys.passkey} rssKey={keys.rssKey} announceUrl={announceUrl} />
      <ApiTokensCard tokens={apiTokens} siteUrl={context.siteUrl} rssKey={keys.rssKey} categories={categories.map((category) => ({ name: category.name, slug: category.slug }))} />
      <StepUpProvider totpEnabled={member.totpEnabled} hasPasskeys={passkeys.length > 0}>
        <TotpCard enabled={member.totpEnabled} />
        <PasskeysCard passkeys={passkeys.map((row) => ({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null }))} />
        <EmailCard email={member.email} verified={member.emailVerified} />
      </StepUpProvider>
      <ChangePasswordCard />
      <PrivacyCard privacy={profile.privacy ?? { hideStats: false, hideHistory: false, hideUploads: false }} />
      <InvitesCard quota={keys.inviteQuota} invites={invites.map((invite) => ({ code: invite.code, usedBy: invite.usedBy, expiresAt: invite.expiresAt.toISOString() }))} />
      <BlockListCard />
      <LogoutEverywhereCard />
    </div>
  );
}
