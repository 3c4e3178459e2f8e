// The frame of every page: header with the site's name and navigation, main content.
// The site (tenant, console or unknown host) decides what the navigation offers.
import type { Metadata } from 'next';
import Link from 'next/link';
import type { CSSProperties, ReactNode } from 'react';
import { VerificationNotice } from '~/components/auth/verification-notice';
import { BonusNavLink } from '~/components/bonus/bonus-nav-link';
import { NavMenu } from '~/components/site/nav-menu';
import { NotificationBadge } from '~/components/live/notification-badge';
import { RealtimeProvider } from '~/components/live/realtime-provider';
import { MessagesNavLink } from '~/components/messages/messages-nav-link';
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
  const moreLinks: { href: string; label: string }[] = [];
  let bonusBalance: string | null = null;
  // When the balance was read (before the read): an older render never replaces a newer live figure.
  const bonusBalanceAt = Date.now();
  let unreadMessages = 0;
  if (site.kind === 'tenant' && member) {
    // The balance beside the link; the page still renders if it cannot be read.
    bonusBalance = await api.bonus.summary().then((summary) => summary.balance, () => null);
    unreadMessages = await api.messages.unreadCount().catch(() => 0);
    links.push({ href: '/torrents', label: 'Torrents' }, { href: '/requests', label: 'Requests' }, { href: '/forums', label: 'Forums' }, { href: '/playlists', label: 'Playlists' }, { href: '/upload', label: 'Upload' }, { href: '/chat', label: 'Chat' }, { href: '/bonus', label: 'Bonus' });
    if (member.role !== 'member') links.push({ href: '/staff', label: 'Staff' });
    // What a member needs now and then goes in the "More" menu (one header line at 1280 px).
    moreLinks.push({ href: `/profile/${member.username}`, label: 'Profile' }, { href: '/settings', label: 'Settings' }, { href: '/tickets', label: 'Tickets' });
  }
  // Staff see on every page that the owner has asked for the community's deletion (members do not).
  const deletionNotice = site.kind === 'tenant' && member && member.role !== 'member' ? await api.tenantLifecycle.staffDeletionNotice().catch(() => null) : null;
  // The community's accent colour and logo, read on every page so an edit shows at once.
  const look = site.kind === 'tenant' ? await api.site.look().catch(() => null) : null;
  if (site.kind === 'tenant') (member ? moreLinks : links).push({ href: '/rules', label: 'Rules' }, { href: '/faq', label: 'FAQ' });
  if (site.kind === 'console' && (context.operator?.totpEnabled || context.operator?.passkeyEnabled)) {
    links.push({ href: '/', label: 'Communities' });
    if (context.operator.role === 'admin') links.push({ href: '/console/plans', label: 'Plans' });
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
        <header className="border-b border-slate-200 bg-white" style={look?.accentColor ? { borderTop: '4px solid var(--accent)' } : undefined}>
          <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
            <Link href="/" className="flex items-center gap-2 text-lg font-bold text-indigo-800" style={look?.accentColor ? { color: 'var(--accent)' } : undefined}>
              {look?.logoVersion ? <img src={`/site-logo?v=${look.logoVersion}`} alt="" className="h-8 w-auto" data-testid="site-logo" /> : null}
              {brand}
            </Link>
            <ul className="flex flex-wrap gap-3 text-sm">
              {links.map((link) => (
                <li key={link.href}>
                  {link.href === '/bonus' ? (
                    <BonusNavLink balance={bonusBalance} balanceAt={bonusBalanceAt} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900" />
                  ) : (
                    <Link href={link.href} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900">
                      {link.label}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
            {site.kind === 'tenant' && member ? <MessagesNavLink unread={unreadMessages} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900" /> : null}
            {site.kind === 'tenant' && member ? <NotificationBadge /> : null}
            {moreLinks.length > 0 ? <NavMenu label="More" links={moreLinks} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900" /> : null}
            <div className="ml-auto">{signedIn ? <LogoutButton scope={site.kind === 'console' ? 'operator' : 'member'} /> : null}</div>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {deletionNotice ? (
            <div role="alert" data-testid="deletion-banner" className="mb-6 rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
              This community will be deleted on <strong>{formatDeletionDate(deletionNotice.dueAt)}</strong>; the owner can cancel in the console.
            </div>
          ) : null}
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
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased" style={look?.accentColor ? ({ '--accent': look.accentColor } as CSSProperties) : undefined}>{live ? <RealtimeProvider>{frame}</RealtimeProvider> : frame}</body>
    </html>
  );
}

/** "Sunday, 13 December 2026, 14:05 UTC": one spelling on every server, whatever its locale or zone. */
function formatDeletionDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
}
