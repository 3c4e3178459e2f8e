// A member's personal feed as RSS 2.0: one item per torrent, its enclosure the
// personalised .torrent behind the member's RSS key (a client downloads it without a
// cookie). https://www.rssboard.org/rss-specification
import { element, escapeXml } from './xml';
import type { FeedTorrent } from './feed-torrents';

export interface RssChannel {
  title: string;
  /** The site's address, e.g. https://demo.example.org */
  siteUrl: string;
  /** This feed's own URL (atom:link rel="self"). */
  selfUrl: string;
  description: string;
}

/** The download link an item carries: works with the RSS key alone. */
export function rssDownloadUrl(siteUrl: string, rssKey: string, torrentId: string): string {
  return `${siteUrl}/rss/${rssKey}/download/${torrentId}`;
}

export function renderRssFeed(options: { channel: RssChannel; rssKey: string; torrents: readonly FeedTorrent[] }): string {
  const { channel } = options;
  const items = options.torrents.map((torrent) => {
    const page = `${channel.siteUrl}/torrents/${torrent.id}`;
    const download = rssDownloadUrl(channel.siteUrl, options.rssKey, torrent.id);
    const summary = [
      torrent.category ? `Category: ${torrent.category}` : null,
      `Size: ${torrent.size} bytes`,
      `Seeders: ${torrent.seeders}, leechers: ${torrent.leechers}, snatches: ${torrent.snatches}`,
      torrent.freeleechPercent > 0 ? `Freeleech: ${torrent.freeleechPercent} %` : null,
      torrent.tags.length > 0 ? `Tags: ${torrent.tags.join(', ')}` : null,
    ].filter((line): line is string => line !== null);
    return [
      '<item>',
      element('title', {}, torrent.name),
      element('link', {}, download),
      element('guid', { isPermaLink: 'false' }, torrent.id),
      element('comments', {}, page),
      element('pubDate', {}, new Date(torrent.createdAt).toUTCString()),
      torrent.category ? element('category', {}, torrent.category) : '',
      element('description', {}, summary.join('\n')),
      element('enclosure', { url: download, length: torrent.size, type: 'application/x-bittorrent' }),
      '</item>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    element('title', {}, channel.title),
    element('link', {}, channel.siteUrl),
    element('description', {}, channel.description),
    element('atom:link', { href: channel.selfUrl, rel: 'self', type: 'application/rss+xml' }),
    `<ttl>${escapeXml(15)}</ttl>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
