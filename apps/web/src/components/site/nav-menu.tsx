'use client';
// The header's "More" menu: the links a member needs now and then (profile, settings,
// tickets, rules, FAQ) behind one button, so the header stays on one line at 1280 px.
// A <details> disclosure: Enter or Space opens it, Tab walks its links, Escape closes it
// and puts the focus back on the button; a click elsewhere or a new page closes it too.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

export function NavMenu(props: { label: string; links: readonly { href: string; label: string }[]; className: string }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (menu.current && !menu.current.contains(event.target as Node)) menu.current.open = false;
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  return (
    <details
      ref={menu}
      className="relative"
      data-testid="nav-more"
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !menu.current?.open) return;
        menu.current.open = false;
        menu.current.querySelector('summary')?.focus();
      }}
    >
      <summary className={`cursor-pointer list-none ${props.className}`}>
        {props.label} <span aria-hidden="true">▾</span>
      </summary>
      <ul className="absolute right-0 z-20 mt-2 min-w-40 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg">
        {props.links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} className="block px-3 py-1.5 text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus:bg-slate-100">
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
