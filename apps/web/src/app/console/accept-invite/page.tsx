// A co-owner invitation from a community's owner: shown to the signed-in console account,
// accepted with a button (mail scanners that prefetch links accept nothing).
import { Card, Notice, PageTitle } from '@swarmhost/ui';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { AcceptInviteButton } from '~/components/console/tenant-owners';
import { consolePage } from '~/server/page-context';

export default async function AcceptInvitePage(props: { searchParams: Promise<{ token?: string }> }) {
  const { operator, api } = await consolePage();
  const { token } = await props.searchParams;
  if (!token) return <Notice tone="error">This invitation link is incomplete; open the link from the e-mail again.</Notice>;
  if (!operator) {
    return (
      <Card>
        <PageTitle>Co-owner invitation</PageTitle>
        <p className="text-sm text-slate-700">
          <Link className="text-indigo-700 underline" href="/">Log in to the console</Link> with the invited address (or <Link className="text-indigo-700 underline" href="/start">sign up</Link> first), then open the link from the e-mail again.
        </p>
      </Card>
    );
  }
  const invite = await api.operator.coOwnerInvite({ token }).catch((error: unknown) => {
    if (error instanceof TRPCError) return { problem: error.message };
    throw error;
  });
  return (
    <Card>
      <PageTitle>Co-owner invitation</PageTitle>
      {'problem' in invite ? (
        <Notice tone="error">{invite.problem}</Notice>
      ) : !operator.totpEnabled ? (
        <Notice>Set up two-factor authentication on the <Link className="underline" href="/">console&apos;s front page</Link> first, then open this link again.</Notice>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">
            You are invited to co-own <strong>{invite.tenantName}</strong> (sent to {invite.email}).
          </p>
          <AcceptInviteButton token={token} />
        </div>
      )}
    </Card>
  );
}
