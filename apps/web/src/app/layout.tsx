// The frame of every page: header with the site's name and navigation, main content.
// The site (tenant, console or unknown host) decides what the navigation offers.
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { VerificationNotice } from '~/components/auth/verification-notice';
import { BonusNavLink } from '~/components/bonus/bonus-nav-link';
import { NotificationBadge } from '~/components/live/notification-badge';
import { RealtimeProvider } from '~/components/live/realtime-provider';
import { LogoutButton } from '~/components/logout-button';
import { pageContext } from '~/server/page-context';
import './globals.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { context } = await pageContext();
  const title = context.site.kind === 'tenant' ? context.site.tenant.name : context.site.kind === 'console' ? 'Swarmhost console' : 'Swarmhost';
  return { title, robots: { index: false } };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { context, api } = await pageContext();
  const site = context.site;
  const member = context.member?.member;
  const links: { href: string; label: string }[] = [];
  let bonusBalance: string | null = null;
  if (site.kind === 'tenant' && member) {
    // The balance beside the link; the page still renders if it cannot be read.
    bonusBalance = await api.bonus.summary().then((summary) => summary.balance, () => null);
    links.push({ href: '/torrents', label: 'Torrents' }, { href: '/requests', label: 'Requests' }, { href: '/playlists', label: 'Playlists' }, { href: '/upload', label: 'Upload' }, { href: '/chat', label: 'Chat' }, { href: '/bonus', label: 'Bonus' }, { href: `/profile/${member.username}`, label: 'Profile' }, { href: '/settings', label: 'Settings' });
    if (member.role !== 'member') links.push({ href: '/staff', label: 'Staff' });
  }
  const signedIn = (site.kind === 'tenant' && member) || (site.kind === 'console' && context.operator);
  const brand = site.kind === 'tenant' ? site.tenant.name : site.kind === 'console' ? 'Swarmhost console' : 'Swarmhost';
  // One gateway socket per page for every live component (badge, counts, chat, dashboards).
  const live = site.kind === 'tenant' ? Boolean(member) : site.kind === 'console' && Boolean(context.operator);
  const frame = (
    <>
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
            <Link href="/" className="text-lg font-bold text-indigo-800">
              {brand}
            </Link>
            <ul className="flex flex-wrap gap-3 text-sm">
              {links.map((link) => (
                <li key={link.href}>
                  {link.href === '/bonus' ? (
                    <BonusNavLink balance={bonusBalance} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900" />
                  ) : (
                    <Link href={link.href} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900">
                      {link.label}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
            {site.kind === 'tenant' && member ? <NotificationBadge /> : null}
            <div className="ml-auto">{signedIn ? <LogoutButton scope={site.kind === 'console' ? 'operator' : 'member'} /> : null}</div>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {site.kind === 'tenant' && member && !member.emailVerified ? (
            <div className="mb-6">
              <VerificationNotice email={member.email} />
            </div>
          ) : null}
          {children}
        </main>
    </>
  );
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{live ? <RealtimeProvider>{frame}</RealtimeProvider> : frame}</body>
    </html>
  );
}
