// Small presentational building blocks shared by the site's pages: no state, so both
// server and client components may use them. Tailwind classes keep contrast ≥ 4.5:1.
import type { ReactNode } from 'react';

export function Card(props: { title?: string; children: ReactNode; id?: string }) {
  return (
    <section id={props.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      {props.title ? <h2 className="mb-3 text-lg font-semibold text-slate-900">{props.title}</h2> : null}
      {props.children}
    </section>
  );
}

export function PageTitle(props: { children: ReactNode; subtitle?: ReactNode }) {
  return (
    <header className="mb-6">
      <h1 className="text-2xl font-bold text-slate-900">{props.children}</h1>
      {props.subtitle ? <p className="mt-1 text-slate-600">{props.subtitle}</p> : null}
    </header>
  );
}

export function Notice(props: { tone?: 'info' | 'error' | 'success'; children: ReactNode }) {
  const tone = props.tone ?? 'info';
  const colours = {
    info: 'border-sky-300 bg-sky-50 text-sky-900',
    error: 'border-red-300 bg-red-50 text-red-900',
    success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  }[tone];
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border px-4 py-3 text-sm ${colours}`}>
      {props.children}
    </div>
  );
}

export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600';

export const buttonClass =
  'inline-flex items-center justify-center rounded-md bg-indigo-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2 disabled:opacity-60';

export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 disabled:opacity-60';

export function Field(props: { label: string; htmlFor: string; hint?: string; children: ReactNode }) {
  return (
    <div className="mb-4">
      <label htmlFor={props.htmlFor} className="block text-sm font-medium text-slate-800">
        {props.label}
      </label>
      {props.children}
      {props.hint ? <p className="mt-1 text-xs text-slate-600">{props.hint}</p> : null}
    </div>
  );
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${UNITS[unit]}`;
}

export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  return days > 0 ? `${days} d ${hours} h` : `${hours} h ${Math.floor((seconds % 3600) / 60)} min`;
}
