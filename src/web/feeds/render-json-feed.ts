import { toVietnamIso } from '../../shared/vietnam-time.js';
import type { Feed } from './feed-model.js';

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function renderJsonFeed(feed: Feed): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    description: feed.description,
    home_page_url: feed.homeUrl,
    feed_url: feed.jsonUrl,
    language: 'vi',
    authors: [{ name: feed.siteName }],
    items: feed.items.map((item) => ({
      id: item.id ?? item.url,
      url: item.url,
      title: item.title,
      summary: item.summary === '' ? undefined : item.summary,
      content_html: item.contentHtml,
      image: item.imageUrl,
      date_published: toVietnamIso(item.publishedAt),
      date_modified: toVietnamIso(item.updatedAt),
      authors: item.author === undefined ? undefined : [{ name: item.author }],
      tags: [item.section, ...item.tags].filter((t) => t !== undefined),
      language: item.language,
    })),
  });
}
