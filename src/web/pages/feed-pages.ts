import { listCorrections } from '../../db/corrections.js';
import { listFeedArticles, listFeedArticlesBy, type FeedArticle } from '../../db/feed-articles.js';
import {
  correctionsFeedScope,
  FEED_FORMATS,
  facetFeedScope,
  siteFeedScope,
  type FeedScope,
} from '../feeds/feed-links.js';
import { buildCorrectionsFeed, buildFeed, FEED_SIZE, type Feed } from '../feeds/feed-model.js';
import { renderAtom } from '../feeds/render-atom.js';
import { renderJsonFeed } from '../feeds/render-json-feed.js';
import { renderRss } from '../feeds/render-rss.js';
import type { FacetKind, FeedFormat } from '../../shared/urls.js';
import type { PageHandler, PageResult } from '../respond.js';
import { newestChange } from '../view-models.js';
import type { SiteInfo } from '../site-info.js';
import type { PageDeps } from './page-deps.js';

const RENDERERS: Record<FeedFormat, (feed: Feed) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** `/rss.xml`, `/atom.xml`, `/feed.json`: the latest articles of the whole site. */
export function siteFeed({ db, now, site }: PageDeps, format: FeedFormat): PageHandler {
  return async () => {
    const articles = await listFeedArticles(db, { now: now(), limit: FEED_SIZE });
    return feedDocument(site, articles, siteFeedScope(site), format);
  };
}

/**
 * `/chuyen-muc/<slug>/rss.xml`, `/chu-de/<slug>/atom.xml`, `/tac-gia/<slug>/feed.json`, …: the
 * latest articles of one section, tag or author. A feed exists while its listing page does, with
 * a published article; any other slug falls through to 404.
 */
export function facetFeed(
  facet: FacetKind,
  { db, now, site }: PageDeps,
  format: FeedFormat,
): PageHandler {
  return async (req) => {
    const slug = String(req.params.slug);
    const found = await listFeedArticlesBy(db, facet, slug, { now: now(), limit: FEED_SIZE });
    if (found === undefined) return undefined;
    const scope = facetFeedScope(site, facet, slug, found.name);
    return feedDocument(site, found.articles, scope, format);
  };
}

/**
 * `/dinh-chinh/rss.xml`, `/dinh-chinh/atom.xml`, `/dinh-chinh/feed.json`: the latest
 * corrections. Served while there are none too, so a reader can follow them from the start.
 */
export function correctionsFeed({ db, now, site }: PageDeps, format: FeedFormat): PageHandler {
  return async () => {
    const items = await listCorrections(db, { now: now(), limit: FEED_SIZE, offset: 0 });
    const feed = buildCorrectionsFeed(site, items, correctionsFeedScope(site));
    return feedResult(feed, format, newestChange(items.map((c) => c.article)));
  };
}

function feedDocument(
  site: SiteInfo,
  articles: FeedArticle[],
  scope: FeedScope,
  format: FeedFormat,
): PageResult {
  return feedResult(buildFeed(site, articles, scope), format, newestChange(articles));
}

function feedResult(
  feed: Feed,
  format: FeedFormat,
  lastModifiedMs: number | undefined,
): PageResult {
  return {
    body: RENDERERS[format](feed),
    type: `${FEED_FORMATS[format].type}; charset=utf-8`,
    lastModifiedMs,
  };
}
