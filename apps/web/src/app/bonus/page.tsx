// Bonus points (issue 11): the member's balance (kept current live) and what it bought,
// this hour's earning rate per rule, the ledger history a page at a time (newest first),
// the store and the gift form.
import { Card, PageTitle } from '@swarmhost/ui';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { BonusStore } from '~/components/bonus/bonus-store';
import { GiftForm } from '~/components/bonus/gift-form';
import { tenantPage } from '~/server/page-context';
import { EarningRate } from './earning-rate';
import { LiveBalance } from './live-balance';

export default async function BonusPage(props: { searchParams: Promise<{ page?: string }> }) {
  const { member, api } = await tenantPage();
  if (!member) redirect('/login');
  const { page: pageParam } = await props.searchParams;
  const requested = Number(pageParam ?? '1');
  const page = Number.isSafeInteger(requested) && requested >= 1 && requested <= 100_000 ? requested : 1;
  // When the balance was read (before the read): an older render never replaces a newer live figure.
  const balanceAt = Date.now();
  const [summary, rate, store, history] = await Promise.all([api.bonus.summary(), api.bonus.earningRate(), api.bonus.store(), api.bonus.transactions({ page })]);
  const extras = [
    `${summary.freeleechTokens} freeleech token${summary.freeleechTokens === 1 ? '' : 's'}`,
    `${summary.inviteQuota} invite${summary.inviteQuota === 1 ? '' : 's'} to send`,
    summary.personalFreeleechUntil ? `personal freeleech until ${summary.personalFreeleechUntil.slice(0, 16).replace('T', ' ')} UTC` : null,
    summary.title ? `title “${summary.title}”` : null,
  ].filter((part): part is string => part !== null);
  return (
    <div className="space-y-6">
      <PageTitle subtitle={extras.join(' · ')}>
        Bonus points: <LiveBalance balance={summary.balance} balanceAt={balanceAt} />
      </PageTitle>
      <Card title="This hour's earning rate">
        <EarningRate rate={rate} />
      </Card>
      <div className="grid gap-6 md:grid-cols-3">
        <div className="md:col-span-2">
          <Card title="Store">
            <BonusStore items={store} balance={Number(summary.balance)} />
          </Card>
        </div>
        <Card title="Gift points">
          <GiftForm />
        </Card>
      </div>
      <Card title="History">
        {history.total === 0 ? (
          <p className="text-sm text-slate-700">No points booked yet. Seeding earns points; members can also gift or tip you.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="bonus-history">
            <caption className="sr-only">Your bonus point transactions, newest first</caption>
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">When (UTC)</th>
                <th scope="col" className="py-2 pr-4">What</th>
                <th scope="col" className="py-2 text-right">Points</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {history.items.map((item) => (
                <tr key={item.id}>
                  <td className="whitespace-nowrap py-2 pr-4 tabular-nums text-slate-600">{item.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td className="py-2 pr-4">
                    {item.description}
                    {item.note ? <span className="block text-xs text-slate-600">“{item.note}”</span> : null}
                  </td>
                  <td className={`py-2 text-right tabular-nums font-medium ${item.amount.startsWith('-') ? 'text-red-800' : 'text-emerald-800'}`}>
                    {item.amount.startsWith('-') ? item.amount.replace('-', '−') : `+${item.amount}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {history.pageCount > 1 ? (
          <nav aria-label="History pages" className="mt-3 flex items-center gap-4 text-sm">
            {history.page > 1 ? <Link href={`/bonus?page=${history.page - 1}`} className="text-indigo-700 underline">Newer</Link> : null}
            <span className="text-slate-600">Page {history.page} of {history.pageCount}</span>
            {history.page < history.pageCount ? <Link href={`/bonus?page=${history.page + 1}`} className="text-indigo-700 underline">Older</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}
