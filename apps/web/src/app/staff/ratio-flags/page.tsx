// Staff: possible ratio cheating — announces the tracker did not believe in full (more
// than the community's maximum speed, or upload while no other member downloaded),
// with what the client reported and what was credited (issue 17).
import { Card, formatBytes, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { tenantPage } from '~/server/page-context';

/** Cell padding, so neighbouring names and figures never run together. */
const CELL = 'px-2 py-1';
const NUMBER_CELL = `${CELL} text-right whitespace-nowrap`;

const REASONS = {
  speed: 'faster than the maximum speed',
  no_leechers: 'upload while nobody else downloaded',
} as const;

export default async function RatioFlagsPage() {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  if (member.role === 'member') notFound();
  const flags = await api.staff.ratioFlags();
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Reports the tracker did not credit in full. A flag is a lead, not proof: look at the member's other torrents before acting.">
        Possible ratio cheating
      </PageTitle>
      <p className="text-sm"><Link className="text-indigo-700 underline" href="/staff">Back to staff tools</Link></p>
      <Card title={`Flagged (${flags.length})`}>
        {flags.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="ratio-flags-empty">No possible ratio cheating flagged.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="ratio-flags">
              <caption className="sr-only">Flagged announces, newest first</caption>
              <thead>
                <tr>
                  <th scope="col" className={CELL}>When (UTC)</th>
                  <th scope="col" className={CELL}>Member</th>
                  <th scope="col" className={CELL}>Torrent</th>
                  <th scope="col" className={CELL}>Why</th>
                  <th scope="col" className={NUMBER_CELL}>Reported up</th>
                  <th scope="col" className={NUMBER_CELL}>Credited up</th>
                  <th scope="col" className={NUMBER_CELL}>Reported down</th>
                  <th scope="col" className={NUMBER_CELL}>Credited down</th>
                  <th scope="col" className={NUMBER_CELL}>Announces</th>
                </tr>
              </thead>
              <tbody>
                {flags.map((flag) => (
                  <tr key={flag.id} className="border-t border-slate-100" data-testid={`ratio-flag-${flag.member.username}`}>
                    <td className={`${CELL} whitespace-nowrap`}><time dateTime={flag.flaggedAt}>{flag.flaggedAt.slice(0, 16).replace('T', ' ')}</time></td>
                    <td className={CELL}><Link className="text-indigo-700 underline" href={`/profile/${flag.member.username}`}>{flag.member.username}</Link></td>
                    <td className={CELL}><Link className="text-indigo-700 underline" href={`/torrents/${flag.torrent.id}`}>{flag.torrent.name}</Link></td>
                    <td className={CELL}>{REASONS[flag.reason]}</td>
                    <td className={NUMBER_CELL} title={`${flag.reportedUploadBytes} bytes`}>{formatBytes(flag.reportedUploadBytes)}</td>
                    <td className={NUMBER_CELL} title={`${flag.creditedUploadBytes} bytes`}>{formatBytes(flag.creditedUploadBytes)}</td>
                    <td className={NUMBER_CELL} title={`${flag.reportedDownloadBytes} bytes`}>{formatBytes(flag.reportedDownloadBytes)}</td>
                    <td className={NUMBER_CELL} title={`${flag.creditedDownloadBytes} bytes`}>{formatBytes(flag.creditedDownloadBytes)}</td>
                    <td className={NUMBER_CELL}>{flag.announces}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
