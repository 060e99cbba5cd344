import { escapeHtml } from '../../shared/escape-html.js';
import { toVietnamRfc822 } from '../../shared/vietnam-time.js';
import { escapeXml as x } from '../xml.js';
import type { Feed, FeedItem } from './feed-model.js';

/**
 * RSS 2.0, as the W3C feed validator wants it: an atom:link to itself, RFC 822 dates with the
 * Vietnam offset, a permanent guid, authors as dc:creator (RSS's own <author> must be an e-mail
 * address, which bylines are not) and the full body in content:encoded.
 */
export function renderRss(feed: Feed): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${x(feed.title)}</title>
<link>${x(feed.homeUrl)}</link>
<description>${x(feed.description)}</description>
<language>vi</language>
<atom:link href="${x(feed.rssUrl)}" rel="self" type="application/rss+xml"/>
${feed.items.length > 0 ? `<lastBuildDate>${toVietnamRfc822(feed.updatedAt)}</lastBuildDate>\n` : ''}<ttl>15</ttl>
${feed.items.map(renderItem).join('')}</channel>
</rss>
`;
}

function renderItem(item: FeedItem): string {
  const lines = [
    `<title>${x(item.title)}</title>`,
    `<link>${x(item.url)}</link>`,
    item.id === undefined
      ? `<guid isPermaLink="true">${x(item.url)}</guid>`
      : `<guid isPermaLink="false">${x(item.id)}</guid>`,
    `<pubDate>${toVietnamRfc822(item.publishedAt)}</pubDate>`,
  ];
  if (item.author !== undefined) lines.push(`<dc:creator>${x(item.author)}</dc:creator>`);
  if (item.section !== undefined) lines.push(`<category>${x(item.section)}</category>`);
  for (const tag of item.tags) lines.push(`<category>${x(tag)}</category>`);
  // Every reader renders an item's description as HTML, and the lead is plain text: escaped for
  // HTML, then for XML, a literal "<b>" or "&" reaches the reader as the editor typed it.
  lines.push(`<description>${x(escapeHtml(item.summary))}</description>`);
  lines.push(`<content:encoded>${x(item.contentHtml)}</content:encoded>`);
  return `<item>\n${lines.join('\n')}\n</item>\n`;
}
