import { Router } from 'express';
import type { Logger } from 'pino';
import { loadNavigation } from './navigation.js';
import { articlePage } from './pages/article-page.js';
import { sectionFeed, siteFeed, FEED_FORMATS, type FeedFormat } from './pages/feed-pages.js';
import { health } from './pages/health.js';
import { homePage } from './pages/home-page.js';
import { listingPage } from './pages/listing-page.js';
import { searchPage } from './pages/search-page.js';
import {
  articleSitemap,
  newsSitemap,
  robotsTxt,
  sitemapIndex,
  type SitemapDeps,
} from './pages/sitemap-pages.js';

/** Every URL the site answers, in one table. */
export function createRoutes(deps: SitemapDeps & { logger: Logger }): Router {
  const router = Router();
  for (const format of Object.keys(FEED_FORMATS) as FeedFormat[]) {
    const file = FEED_FORMATS[format].file;
    router.get(`/${file}`, siteFeed(deps, format));
    router.get(`/chuyen-muc/:section/${file}`, sectionFeed(deps, format));
  }
  router.get('/sitemap.xml', sitemapIndex(deps));
  router.get('/sitemaps/news.xml', newsSitemap(deps));
  router.get('/sitemaps/:file', articleSitemap(deps));
  router.get('/robots.txt', robotsTxt(deps));
  router.get('/healthz', health(deps));
  router.use(loadNavigation(deps));
  router.get('/', homePage(deps));
  router.get('/tim-kiem', searchPage(deps));
  router.get('/chuyen-muc/:slug', listingPage('section', deps));
  router.get('/chu-de/:slug', listingPage('tag', deps));
  router.get('/tac-gia/:slug', listingPage('author', deps));
  // Last: a single path segment that may be "<slug>-<id>.html"; anything else falls through to 404.
  router.get('/:file', articlePage(deps));
  return router;
}
