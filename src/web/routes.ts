import { Router } from 'express';
import type { Logger } from 'pino';
import { loadNavigation } from './navigation.js';
import { articlePage } from './pages/article-page.js';
import { health } from './pages/health.js';
import { homePage } from './pages/home-page.js';
import { listingPage } from './pages/listing-page.js';
import type { PageDeps } from './pages/page-deps.js';

/** Every URL the site answers, in one table. */
export function createRoutes(deps: PageDeps & { logger: Logger }): Router {
  const router = Router();
  router.get('/healthz', health(deps));
  router.use(loadNavigation(deps));
  router.get('/', homePage(deps));
  router.get('/chuyen-muc/:slug', listingPage('section', deps));
  router.get('/chu-de/:slug', listingPage('tag', deps));
  router.get('/tac-gia/:slug', listingPage('author', deps));
  // Last: a single path segment that may be "<slug>-<id>.html"; anything else falls through to 404.
  router.get('/:file', articlePage(deps));
  return router;
}
