// "Start a community" on the bare base host, one step at a time: an owner account, its
// e-mail link, a second factor, then the community itself (name, address, plan). Each
// step is decided here from the signed-in console account, so a reload resumes it.
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { OperatorTotpCard } from '~/components/console/console-forms';
import { CheckMailCard, OwnerAccountForm } from '~/components/start/account-steps';
import { CommunityForm } from '~/components/start/community-form';
import { consolePage } from '~/server/page-context';

export default async function StartPage() {
  const { operator, context, api } = await consolePage();
  const baseDomain = context.services.baseDomain;
  if (!operator) {
    return (
      <div className="space-y-6">
        <PageTitle subtitle={`Your own private tracker and site at <name>.${baseDomain}, live in a minute.`}>Start a community</PageTitle>
        <Card title="1. Your owner account">
          <OwnerAccountForm />
        </Card>
        <p className="text-sm text-slate-700">
          Already have an account? <Link className="text-indigo-700 underline" href="/">Log in to the console</Link>, then come back here.
        </p>
      </div>
    );
  }
  if (!operator.emailVerified) {
    return (
      <div className="space-y-6">
        <PageTitle subtitle={`Signed in as ${operator.username}.`}>Start a community</PageTitle>
        <CheckMailCard email={operator.email} />
      </div>
    );
  }
  if (!operator.totpEnabled && !operator.passkeyEnabled) {
    return (
      <div className="space-y-6">
        <PageTitle subtitle={`Signed in as ${operator.username}. Your address ${operator.email} is confirmed.`}>Start a community</PageTitle>
        <Notice>Step 3 of 4: a second factor protects your console account and your community&apos;s admin account.</Notice>
        <OperatorTotpCard continueTo="/start" />
      </div>
    );
  }
  const plans = (await api.plans.offered()).map((plan) => ({
    id: plan.id,
    name: plan.name,
    summary: `${plan.priceLabel ? `${plan.priceLabel}: ` : ''}up to ${plan.maxMembers.toLocaleString('en')} members, ${plan.maxTorrents.toLocaleString('en')} torrents, ${plan.announcesPerSecond.toLocaleString('en')} announces/s`,
  }));
  return (
    <div className="space-y-6">
      <PageTitle subtitle={`Signed in as ${operator.username}. You will be the community's owner and admin.`}>Start a community</PageTitle>
      <Card title="4. Your community">
        <CommunityForm baseDomain={baseDomain} protocol={context.services.protocol} plans={plans} />
      </Card>
    </div>
  );
}
