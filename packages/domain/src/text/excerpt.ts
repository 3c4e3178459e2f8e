/**
 * Plain text of a Markdown body for a list or a label: quote blocks dropped, emphasis,
 * code and heading marks removed, whitespace folded, cut at `max` characters (by code
 * point, so no emoji is split).
 */
export function excerpt(body: string, max = 160): string {
  const text = body
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('>'))
    .join(' ')
    .replace(/[*_`#~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}
