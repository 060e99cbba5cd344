import type { RequestListener } from 'node:http';
import ejs from 'ejs';
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DEFAULT_MEDIA_CACHE_MB, type Config } from './config.js';
import * as urls from './shared/urls.js';
import type { Database } from './db/types.js';
import { PUBLIC_DIR, VIEWS_DIR } from './paths.js';
import { errorPages, notFound } from './web/error-pages.js';
import { feedLinks, siteFeedScope } from './web/feeds/feed-links.js';
import { HttpError } from './web/http-error.js';
import type { LiveFacts } from './web/live-facts.js';
import { serveMedia } from './web/media.js';
import { redirectOldAddresses } from './web/old-addresses.js';
import type { SyncHealth } from './web/pages/health.js';
import { createFrontDoor } from './web/front-door.js';
import { createPageStore } from './web/page-store.js';
import type { SiteInfo } from './web/site-info.js';
import { SITEMAP_SIZE } from './web/pages/sitemap-pages.js';
import { previewImage, SITE_IMAGE } from './web/preview-image.js';
import { SEARCH_RATE_LIMIT, type RateLimitOptions } from './web/rate-limit.js';
import { createResponder } from './web/respond.js';
import { createRoutes, findPageTarget } from './web/routes.js';
import { securityHeaders } from './web/security-headers.js';
import { createSiteFiles } from './web/site-files.js';
import { toWarningView } from './web/view-models.js';

export interface AppDeps {
  db: Database;
  config: Pick<Config, 'siteName' | 'siteUrl' | 'contentDir' | 'pageCacheMb'> &
    Partial<Pick<Config, 'requestLog' | 'trustProxy' | 'serviceWorker'>>;
  logger: Logger;
  /** The site's facts, kept current as content is imported here or elsewhere. */
  facts: LiveFacts;
  /** How importing goes, for the health check; a site with no importer of its own is caught up. */
  syncStatus?: () => SyncHealth;
  /** Where resized images are kept (beside the database). */
  mediaCacheDir: string;
  /** The most they may take on disk (MEDIA_CACHE_MB); the oldest are removed first. */
  mediaCacheMaxBytes?: number;
  /** The clock; tests move it to check scheduled publication. */
  now?: () => number;
  /** URLs per article sitemap (50,000, the protocol's limit); tests split with fewer. */
  sitemapSize?: number;
  /** The stylesheet, scripts, worker and images the site ships; a test gives a copy it can change. */
  publicDir?: string;
  /** Searches per client address that reach the database; false for no limit. */
  searchRateLimit?: RateLimitOptions | false;
  /** Signs draft preview links (see src/preview-secret.ts). */
  previewSecret: string;
}

/**
 * The site as a Node request listener: the front door (the files it ships, the pages it keeps)
 * in front, the Express application behind it for everything the door cannot answer. No I/O of
 * its own and no environment, so every test can build one.
 */
export function createApp({
  db,
  config,
  logger,
  facts,
  mediaCacheDir,
  mediaCacheMaxBytes = DEFAULT_MEDIA_CACHE_MB * 1024 * 1024,
  now = Date.now,
  sitemapSize = SITEMAP_SIZE,
  publicDir = PUBLIC_DIR,
  searchRateLimit = SEARCH_RATE_LIMIT,
  previewSecret,
  syncStatus = () => ({
    caughtUp: true,
    lastSuccessAt: undefined,
    failingSince: undefined,
    lastFailure: undefined,
  }),
}: AppDeps): RequestListener {
  const store = createPageStore({
    facts,
    budgetBytes: config.pageCacheMb * 1024 * 1024,
    findTarget: findPageTarget,
  });
  const responder = createResponder({ facts, store });

  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Templates only change with a deploy; compiling them once per process, not per request.
  app.enable('view cache');
  // Includes are named from views/ ("/partials/head"): EJS then joins the name to `root`
  // instead of asking the disk where a relative name lives, for each include of each render.
  app.engine('ejs', (file, data, done) =>
    ejs.renderFile(file, data as ejs.Data, { root: VIEWS_DIR, cache: true }, done),
  );
  // The responder sets strong ETags from the body; Express's own would be weak and computed twice.
  app.set('etag', false);
  // Behind nginx, the reader's address (for the search limit) is in X-Forwarded-For.
  app.set('trust proxy', config.trustProxy ?? false);

  const shipped = createSiteFiles(publicDir, config.serviceWorker ?? 'on');
  const site: SiteInfo = {
    name: config.siteName,
    url: config.siteUrl,
    image: {
      url: shipped.url(SITE_IMAGE.file),
      width: SITE_IMAGE.width,
      height: SITE_IMAGE.height,
    },
  };
  app.locals.site = site;
  // The views build their links as the pages do, from the one module of URLs.
  app.locals.urls = urls;
  // The head of every page, error pages included, picks its preview picture with it.
  app.locals.previewImage = previewImage;
  app.locals.siteFeeds = feedLinks(site, siteFeedScope(site));
  app.locals.style = shipped.style;
  app.locals.assets = shipped.assets;

  app.use(securityHeaders(shipped.security));
  app.use(
    urls.MEDIA_PREFIX,
    serveMedia({
      contentDir: config.contentDir,
      cacheDir: mediaCacheDir,
      cacheMaxBytes: mediaCacheMaxBytes,
    }),
  );
  app.use(loadFacts(facts));
  app.use(onlyReading);
  app.use(redirectOldAddresses(db));
  app.use(
    createRoutes({
      db,
      now,
      logger,
      site,
      sitemapSize,
      facts,
      responder,
      syncStatus,
      searchRateLimit,
      previewSecret,
    }),
  );
  app.use(notFound);
  app.use(errorPages(logger, responder));

  const logRequests = (config.requestLog ?? false) && logger.isLevelEnabled('info');
  return createFrontDoor({
    app,
    store,
    staticFiles: shipped.staticFiles,
    logger: logRequests ? logger : undefined,
  });
}

/** Pages are for reading: anything but GET and HEAD is 405, naming the two that work. */
const onlyReading: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  res.set('Allow', 'GET, HEAD');
  next(new HttpError(405, `${req.method} ${req.path} is not allowed`));
};

/**
 * MUST run before the routes: every page reads the navigation, counts and urgent warnings from
 * the site's facts, computed first when a scheduled article or a warning has just come due. The
 * 404 and 410 pages use them too.
 */
function loadFacts(facts: LiveFacts): RequestHandler {
  return async (_req, res, next) => {
    const current = await facts.fresh();
    res.locals.facts = current;
    res.locals.sections = current.sections;
    res.locals.warnings = current.warnings.map(toWarningView);
    next();
  };
}
