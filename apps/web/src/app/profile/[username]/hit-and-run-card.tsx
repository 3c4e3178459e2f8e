// The hit-and-run part of a profile (issue 11), shown to the member and to staff only:
// whether downloads are disabled, the warnings with what was missing and when each
// expires, and the completed downloads still inside their grace period and short.
import type { HitAndRunStatus as Status } from '@swarmhost/domain/hit-and-run/warnings';
import { Card } from '@swarmhost/ui';
import Link from 'next/link';

const CELL = 'px-2 py-1 align-top';
const day = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const STATE_LABEL = { active: 'Active', expired: 'Expired', pardoned: 'Pardoned' } as const;

export function DownloadsDisabledBanner(props: { status: Status; own: boolean }) {
  if (!props.status.downloadsDisabled) return null;
  const { activeWarnings, rules } = props.status;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900" data-testid="hnr-downloads-disabled">
      <p className="font-semibold">Downloads disabled: {activeWarnings} active hit-and-run warning{activeWarnings === 1 ? '' : 's'}</p>
      <p className="mt-1">
        {props.own ? 'You' : 'This member'} cannot download new torrents while {rules.maxActiveWarnings} or more warnings are active. Seeding still works. Downloads come back
        when a warning expires (each lasts {rules.warningDays} days) or staff pardon one.
      </p>
    </div>
  );
}

export function HitAndRunCard(props: { status: Status; own: boolean }) {
  const { status } = props;
  const { rules } = status;
  const ruleText = `After completing a download, seed it ${rules.minSeedHours} h within ${rules.graceDays} days${rules.minRatio > 0 ? `, or reach ratio ${rules.minRatio.toFixed(2)} on it` : ''}.`;
  return (
    <Card title={`Hit-and-run (${status.activeWarnings} active warning${status.activeWarnings === 1 ? '' : 's'})`}>
      <div className="space-y-4 text-sm" data-testid="hnr-card">
        {status.enabled ? (
          <p className="text-slate-700">
            {ruleText} At {rules.maxActiveWarnings} active warning{rules.maxActiveWarnings === 1 ? '' : 's'} downloads are disabled.
          </p>
        ) : (
          <p className="text-slate-700">This community does not enforce hit-and-run rules at the moment.</p>
        )}
        {status.atRisk.length > 0 ? (
          <section aria-labelledby="hnr-at-risk">
            <h3 id="hnr-at-risk" className="mb-1 font-semibold">Still to seed</h3>
            <ul className="list-disc space-y-1 pl-5" data-testid="hnr-at-risk">
              {status.atRisk.map((download) => (
                <li key={download.torrentId}>
                  Seed {download.missingSeedHours} h more on{' '}
                  <Link className="text-indigo-700 underline" href={`/torrents/${download.torrentId}`}>{download.torrentName}</Link>
                  {rules.minRatio > 0 ? ` (or reach ratio ${rules.minRatio.toFixed(2)} on it; it is ${(download.ratio ?? 0).toFixed(2)})` : ''} by{' '}
                  <time dateTime={download.deadlineAt}>{day(download.deadlineAt)}</time>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {status.warnings.length === 0 ? (
          <p className="text-slate-600" data-testid="hnr-no-warnings">{props.own ? 'You have' : 'This member has'} no hit-and-run warnings.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left" data-testid="hnr-profile-warnings">
              <caption className="sr-only">Hit-and-run warnings, newest first</caption>
              <thead>
                <tr>
                  <th scope="col" className={CELL}>Torrent</th>
                  <th scope="col" className={CELL}>What was missing</th>
                  <th scope="col" className={CELL}>Issued</th>
                  <th scope="col" className={CELL}>Expires</th>
                  <th scope="col" className={CELL}>State</th>
                </tr>
              </thead>
              <tbody>
                {status.warnings.map((warning) => (
                  <tr key={warning.id} className="border-t border-slate-100">
                    <td className={CELL}><Link className="text-indigo-700 underline" href={`/torrents/${warning.torrentId}`}>{warning.torrentName}</Link></td>
                    <td className={CELL}>{warning.missing}</td>
                    <td className={`${CELL} whitespace-nowrap`}><time dateTime={warning.issuedAt}>{day(warning.issuedAt)}</time></td>
                    <td className={`${CELL} whitespace-nowrap`}><time dateTime={warning.expiresAt}>{day(warning.expiresAt)}</time></td>
                    <td className={CELL}>
                      {STATE_LABEL[warning.state]}
                      {warning.state === 'pardoned' && warning.pardonReason ? <span className="block text-xs text-slate-600">Pardoned: {warning.pardonReason}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  );
}
