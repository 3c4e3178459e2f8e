// The Torznab answers Prowlarr, Sonarr and Radarr read (https://torznab.github.io/spec-1.3-draft/):
// `caps` (limits, which searches take which parameters, the categories), search results
// as RSS 2.0 items carrying `torznab:attr` name/value pairs, and `<error code description/>`
// (codes 100-199 mean a bad API key to those apps; "Request limit reached" is their rate-limit text).
import { NEWZNAB_PARENTS, newznabName, type TorznabCategory } from './torznab-categories';
import { element, escapeXml } from './xml';
import type { FeedTorrent } from './feed-torrents';

export const TORZNAB_NAMESPACE = 'http://torznab.com/schemas/2015/feed';
export const TORZNAB_LIMITS = { default: 50, max: 100 } as const;

export const TORZNAB_ERRORS = {
  badApiKey: { code: 100, description: 'Incorrect user credentials' },
  noPermission: { code: 102, description: 'Insufficient privileges/not authorized' },
  missingParameter: { code: 200, description: 'Missing parameter' },
  badParameter: { code: 201, description: 'Incorrect parameter' },
  noSuchFunction: { code: 202, description: 'No such function' },
  rateLimited: { code: 500, description: 'Request limit reached' },
  unknown: { code: 900, description: 'Unknown error' },
} as const;

/** `<error code description/>`; `reason`, when given, is the element's text (readers that know only the attributes ignore it). */
export function renderTorznabError(error: { code: number; description: string }, reason?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('error', { code: error.code, description: error.description }, reason)}\n`;
}

export function renderTorznabCaps(options: { title: string; categories: readonly TorznabCategory[] }): string {
  const parents = NEWZNAB_PARENTS.map((parent) => {
    const under = options.categories.filter((category) => category.parentId === parent.id);
    // The standard sub-categories staff filed categories under (2040 Movies/HD), then each category's own id.
    const standard = [...new Set(under.map((category) => category.newznabId).filter((id) => id !== parent.id))].sort((a, b) => a - b);
    const subcats = [
      ...standard.map((id) => element('subcat', { id, name: newznabName(id) })),
      ...under.map((category) => element('subcat', { id: category.id, name: category.name })),
    ];
    return `<category id="${parent.id}" name="${escapeXml(parent.name)}">${subcats.join('')}</category>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<caps>',
    element('server', { version: '1.0', title: options.title }),
    element('limits', { default: TORZNAB_LIMITS.default, max: TORZNAB_LIMITS.max }),
    '<searching>',
    element('search', { available: 'yes', supportedParams: 'q' }),
    element('tv-search', { available: 'yes', supportedParams: 'q,season,ep,imdbid,tmdbid' }),
    element('movie-search', { available: 'yes', supportedParams: 'q,imdbid,tmdbid' }),
    element('music-search', { available: 'no', supportedParams: 'q' }),
    element('audio-search', { available: 'no', supportedParams: 'q' }),
    element('book-search', { available: 'no', supportedParams: 'q' }),
    '</searching>',
    `<categories>${parents.join('')}</categories>`,
    '</caps>',
    '',
  ].join('\n');
}

const attr = (name: string, value: string | number) => element('torznab:attr', { name, value });

export function renderTorznabResults(options: {
  title: string;
  siteUrl: string;
  categories: readonly TorznabCategory[];
  torrents: readonly FeedTorrent[];
  /** The personalised .torrent link for one torrent (the enclosure). */
  downloadUrl: (torrentId: string) => string;
  offset: number;
}): string {
  const bySlug = new Map(options.categories.map((category) => [category.slug, category]));
  const items = options.torrents.map((torrent) => {
    const category = torrent.categorySlug ? bySlug.get(torrent.categorySlug) : undefined;
    const categoryIds = category ? [...new Set([category.parentId, category.newznabId, category.id])] : [8000];
    const download = options.downloadUrl(torrent.id);
    const page = `${options.siteUrl}/torrents/${torrent.id}`;
    return [
      '<item>',
      element('title', {}, torrent.name),
      element('guid', { isPermaLink: 'true' }, page),
      element('link', {}, download),
      element('comments', {}, page),
      element('pubDate', {}, new Date(torrent.createdAt).toUTCString()),
      element('size', {}, String(torrent.size)),
      ...categoryIds.map((id) => element('category', {}, String(id))),
      element('enclosure', { url: download, length: torrent.size, type: 'application/x-bittorrent' }),
      ...categoryIds.map((id) => attr('category', id)),
      attr('size', torrent.size),
      attr('files', torrent.fileCount),
      attr('seeders', torrent.seeders),
      attr('peers', torrent.seeders + torrent.leechers),
      attr('grabs', torrent.snatches),
      attr('infohash', torrent.infoHash),
      attr('downloadvolumefactor', torrent.freeleechPercent >= 100 ? 0 : torrent.freeleechPercent > 0 ? (100 - torrent.freeleechPercent) / 100 : 1),
      attr('uploadvolumefactor', torrent.doubleUpload ? 2 : 1),
      // Sonarr reads "imdb" as digits, Radarr and Prowlarr "imdbid" as tt…; both read "tmdbid".
      ...(torrent.imdbId ? [attr('imdb', torrent.imdbId.slice(2)), attr('imdbid', torrent.imdbId)] : []),
      ...(torrent.tmdbId ? [attr('tmdbid', torrent.tmdbId)] : []),
      '</item>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:torznab="${TORZNAB_NAMESPACE}">`,
    '<channel>',
    element('title', {}, options.title),
    element('link', {}, options.siteUrl),
    element('description', {}, `${options.title} (Torznab)`),
    element('torznab:response', { offset: options.offset, total: options.offset + options.torrents.length }),
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
