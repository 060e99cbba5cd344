import type { RequestHandler } from 'express';
import { getLastChange } from '../../db/articles.js';
import { listFeedArticles } from '../../db/feed-articles.js';
import { setPageCaching } from '../caching.js';
import { buildFeed, FEED_SIZE, type Feed } from '../feeds/feed-model.js';
import { renderAtom } from '../feeds/render-atom.js';
import { renderJsonFeed } from '../feeds/render-json-feed.js';
import { renderRss } from '../feeds/render-rss.js';
import type { PageDeps } from './page-deps.js';

export const FEED_FORMATS = {
  rss: { file: 'rss.xml', type: 'application/rss+xml; charset=utf-8', render: renderRss },
  atom: { file: 'atom.xml', type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  json: { file: 'feed.json', type: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const satisfies Record<string, { file: string; type: string; render: (f: Feed) => string }>;

export type FeedFormat = keyof typeof FEED_FORMATS;

/** `/rss.xml`, `/atom.xml`, `/feed.json`: the latest articles of the whole site. */
export function siteFeed({ db, now, site }: PageDeps, format: FeedFormat): RequestHandler {
  return async (_req, res) => {
    const at = now();
    const [articles, lastChange] = await Promise.all([
      listFeedArticles(db, { now: at, limit: FEED_SIZE }),
      getLastChange(db, at),
    ]);
    const feed = buildFeed(site, articles, {
      basePath: '',
      title: site.name,
      description: `Tin mới nhất từ ${site.name}`,
    });
    setPageCaching(res, lastChange);
    res.type(FEED_FORMATS[format].type).send(FEED_FORMATS[format].render(feed));
  };
}

/**
 * `/chuyen-muc/<slug>/rss.xml` and its Atom and JSON siblings. A section exists while it has a
 * published article; any other slug falls through to 404.
 */
export function sectionFeed({ db, now, site }: PageDeps, format: FeedFormat): RequestHandler {
  return async (req, res, next) => {
    const sectionSlug = String(req.params.section);
    const at = now();
    const [articles, lastChange] = await Promise.all([
      listFeedArticles(db, { now: at, limit: FEED_SIZE, sectionSlug }),
      getLastChange(db, at),
    ]);
    const section = articles[0]?.section;
    if (section === undefined) return next();
    const feed = buildFeed(site, articles, {
      basePath: `/chuyen-muc/${sectionSlug}`,
      title: `${section} | ${site.name}`,
      description: `Tin mới nhất chuyên mục ${section} của ${site.name}`,
    });
    setPageCaching(res, lastChange);
    res.type(FEED_FORMATS[format].type).send(FEED_FORMATS[format].render(feed));
  };
}
