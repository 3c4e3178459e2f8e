// "This hour's earning rate": what the member's seeding earns now, per rule, with the
// cap on rewarded torrents — the staff preview's computation, for the member themself.
import type { EarningPreview } from '@swarmhost/domain/bonus/earning-preview';

const CELL = 'py-1.5 pr-4';

export function EarningRate({ rate }: { rate: EarningPreview }) {
  if (rate.seedingTorrents === 0) {
    return (
      <p className="text-sm text-slate-700" data-testid="earning-rate-empty">
        You are not seeding anything right now, so you earn 0 points this hour. Seed a torrent to start earning.
      </p>
    );
  }
  const capped = rate.seedingTorrents > rate.rewardedTorrents;
  return (
    <div className="space-y-3" data-testid="earning-rate">
      <p className="text-sm">
        <strong className="text-lg tabular-nums" data-testid="earning-rate-total">{rate.pointsPerHour}</strong> points/hour from{' '}
        {rate.rewardedTorrents} of {rate.seedingTorrents} seeding torrent{rate.seedingTorrents === 1 ? '' : 's'}
        <span className="text-slate-600">
          {' '}
          (at most {rate.maxRewardedTorrents} earn{capped ? '; your best-paying ones are counted' : ''})
        </span>
      </p>
      <table className="w-full text-left text-sm" data-testid="earning-breakdown">
        <caption className="sr-only">Points per hour each earning rule adds</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600">
          <tr>
            <th scope="col" className={CELL}>Rule</th>
            <th scope="col" className={`${CELL} text-right`}>Torrents counted</th>
            <th scope="col" className="py-1.5 text-right">Points/hour</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rate.rules.map((rule) => (
            <tr key={rule.name} className={rule.torrents === 0 ? 'text-slate-500' : ''}>
              <td className={CELL}>{rule.name}</td>
              <td className={`${CELL} text-right tabular-nums`}>{rule.torrents}</td>
              <td className="py-1.5 text-right tabular-nums">{rule.pointsPerHour}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
