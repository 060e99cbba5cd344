import { toVietnamIso } from '../../shared/vietnam-time.js';
import { escapeXml as x } from '../xml.js';
import type { Feed, FeedItem } from './feed-model.js';

/**
 * Atom 1.0. The feed itself names the site as author because Atom requires an author for every
 * entry, and not every article has a byline; entries with one name it as well.
 */
export function renderAtom(feed: Feed): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
<title>${x(feed.title)}</title>
<subtitle>${x(feed.description)}</subtitle>
<id>${x(feed.atomUrl)}</id>
<link rel="self" type="application/atom+xml" href="${x(feed.atomUrl)}"/>
<link rel="alternate" type="text/html" href="${x(feed.homeUrl)}"/>
<updated>${toVietnamIso(feed.updatedAt)}</updated>
<author><name>${x(feed.siteName)}</name></author>
${feed.items.map(renderEntry).join('')}</feed>
`;
}

function renderEntry(item: FeedItem): string {
  const lines = [
    `<title>${x(item.title)}</title>`,
    `<id>${x(item.id ?? item.url)}</id>`,
    `<link rel="alternate" type="text/html" href="${x(item.url)}"/>`,
    `<published>${toVietnamIso(item.publishedAt)}</published>`,
    `<updated>${toVietnamIso(item.updatedAt)}</updated>`,
  ];
  if (item.author !== undefined) lines.push(`<author><name>${x(item.author)}</name></author>`);
  for (const term of [item.section, ...item.tags]) {
    if (term !== undefined) lines.push(`<category term="${x(term)}"/>`);
  }
  if (item.summary !== '') lines.push(`<summary>${x(item.summary)}</summary>`);
  lines.push(`<content type="html">${x(item.contentHtml)}</content>`);
  const lang = item.language === undefined ? '' : ` xml:lang="${x(item.language)}"`;
  return `<entry${lang}>\n${lines.join('\n')}\n</entry>\n`;
}
