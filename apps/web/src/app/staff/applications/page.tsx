// /staff/applications: people asking to join (registration mode "application"), oldest
// first; staff accept (the account is created) or reject, with an optional note mailed
// to the applicant. Recent answers below.
import { Card, PageTitle } from '@swarmhost/ui';
import { notFound, redirect } from 'next/navigation';
import { ApplicationQueue } from '~/components/site/application-queue';
import { tenantPage } from '~/server/page-context';

export default async function StaffApplicationsPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const [pending, answered, joining] = await Promise.all([api.site.applications({ status: 'pending' }), api.site.applications({ status: 'answered' }), api.site.joining()]);
  return (
    <div className="space-y-6">
      <PageTitle subtitle={joining.registrationMode === 'application' ? 'Registration is by application.' : `Registration is “${joining.registrationMode}”: no new applications arrive until it is “application”.`}>Applications</PageTitle>
      <Card title={`Waiting (${pending.length})`}>
        <ApplicationQueue applications={pending} />
      </Card>
      <Card title="Answered">
        {answered.length === 0 ? (
          <p className="text-sm text-slate-700">No answers yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead><tr><th scope="col">Applicant</th><th scope="col">Answer</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
            <tbody>
              {answered.map((row) => (
                <tr key={row.id} className="border-t border-slate-100">
                  <td className="py-1">{row.username}</td><td>{row.status}</td><td>{row.reviewedBy ?? '—'}</td><td>{row.reviewNote ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
