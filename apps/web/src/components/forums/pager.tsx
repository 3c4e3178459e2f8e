// Page links for a forum or topic: first, previous, a window around the current page,
// next, last. Plain links, so they work by keyboard and without script.
import Link from 'next/link';

export function Pager(props: { base: string; page: number; pages: number; label: string }) {
  if (props.pages <= 1) return null;
  const href = (page: number) => `${props.base}?page=${page}`;
  const window = [...new Set([1, props.page - 2, props.page - 1, props.page, props.page + 1, props.page + 2, props.pages])].filter((page) => page >= 1 && page <= props.pages).sort((a, b) => a - b);
  return (
    <nav aria-label={props.label} className="flex flex-wrap items-center gap-2 text-sm">
      {props.page > 1 ? <Link className="text-indigo-800 underline" href={href(props.page - 1)} rel="prev">Previous</Link> : null}
      {window.map((page, index) => (
        <span key={page} className="flex items-center gap-2">
          {index > 0 && page - window[index - 1]! > 1 ? <span aria-hidden="true">…</span> : null}
          {page === props.page ? (
            <span aria-current="page" className="rounded bg-indigo-700 px-2 py-0.5 font-semibold text-white">{page}</span>
          ) : (
            <Link className="text-indigo-800 underline" href={href(page)} aria-label={`Page ${page}`}>{page}</Link>
          )}
        </span>
      ))}
      {props.page < props.pages ? <Link className="text-indigo-800 underline" href={href(props.page + 1)} rel="next">Next</Link> : null}
    </nav>
  );
}

export const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** ?page=… from the query string: a positive whole number, or undefined. */
export function pageParam(raw: string | string[] | undefined): number | undefined {
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && value >= 1 ? Math.min(value, 1_000_000) : undefined;
}
