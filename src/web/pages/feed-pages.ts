import { listFeedArticles } from '../../db/feed-articles.js';
import { buildFeed, FEED_SIZE, type Feed } from '../feeds/feed-model.js';
import { renderAtom } from '../feeds/render-atom.js';
import { renderJsonFeed } from '../feeds/render-json-feed.js';
import { renderRss } from '../feeds/render-rss.js';
import type { PageHandler } from '../respond.js';
import { newestChange } from '../view-models.js';
import type { PageDeps } from './page-deps.js';

export const FEED_FORMATS = {
  rss: { file: 'rss.xml', type: 'application/rss+xml; charset=utf-8', render: renderRss },
  atom: { file: 'atom.xml', type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  json: { file: 'feed.json', type: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const satisfies Record<string, { file: string; type: string; render: (f: Feed) => string }>;

export type FeedFormat = keyof typeof FEED_FORMATS;

/** `/rss.xml`, `/atom.xml`, `/feed.json`: the latest articles of the whole site. */
export function siteFeed({ db, now, site }: PageDeps, format: FeedFormat): PageHandler {
  return async () => {
    const articles = await listFeedArticles(db, { now: now(), limit: FEED_SIZE });
    const feed = buildFeed(site, articles, {
      basePath: '',
      title: site.name,
      description: `Tin mới nhất từ ${site.name}`,
    });
    const { type, render } = FEED_FORMATS[format];
    return { body: render(feed), type, lastModifiedMs: newestChange(articles) };
  };
}

/**
 * `/chuyen-muc/<slug>/rss.xml` and its Atom and JSON siblings. A section exists while it has a
 * published article; any other slug falls through to 404.
 */
export function sectionFeed({ db, now, site }: PageDeps, format: FeedFormat): PageHandler {
  return async (req) => {
    const sectionSlug = String(req.params.section);
    const articles = await listFeedArticles(db, { now: now(), limit: FEED_SIZE, sectionSlug });
    const section = articles[0]?.section;
    if (section === undefined) return undefined;
    const feed = buildFeed(site, articles, {
      basePath: `/chuyen-muc/${sectionSlug}`,
      title: `${section} | ${site.name}`,
      description: `Tin mới nhất chuyên mục ${section} của ${site.name}`,
    });
    const { type, render } = FEED_FORMATS[format];
    return { body: render(feed), type, lastModifiedMs: newestChange(articles) };
  };
}
