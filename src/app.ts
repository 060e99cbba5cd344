import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { DEFAULT_MEDIA_CACHE_MB, type Config } from './config.js';
import type { Database } from './db/database.js';
import { PUBLIC_DIR, VIEWS_DIR } from './paths.js';
import { errorPages, notFound } from './web/error-pages.js';
import { serveMedia } from './web/media.js';
import { SITEMAP_SIZE } from './web/pages/sitemap-pages.js';
import { createRoutes } from './web/routes.js';
import { securityHeaders } from './web/security-headers.js';

export interface AppDeps {
  db: Database;
  config: Pick<Config, 'siteName' | 'siteUrl' | 'contentDir'>;
  logger: Logger;
  /** Where resized images are kept (beside the database). */
  mediaCacheDir: string;
  /** The most they may take on disk (MEDIA_CACHE_MB); the oldest are removed first. */
  mediaCacheMaxBytes?: number;
  /** The clock; tests move it to check scheduled publication. */
  now?: () => number;
  /** URLs per article sitemap (50,000, the protocol's limit); tests split with fewer. */
  sitemapSize?: number;
}

/** The Express application: no I/O of its own, no environment, so every test can build one. */
export function createApp({
  db,
  config,
  logger,
  mediaCacheDir,
  mediaCacheMaxBytes = DEFAULT_MEDIA_CACHE_MB * 1024 * 1024,
  now = Date.now,
  sitemapSize = SITEMAP_SIZE,
}: AppDeps): Express {
  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Templates only change with a deploy; compiling them once per process, not per request.
  app.enable('view cache');

  const site = { name: config.siteName, url: config.siteUrl };
  app.locals.site = site;
  app.locals.assets = { css: fingerprinted('/assets/site.css', 'site.css') };

  app.use(securityHeaders());
  app.use(compression());
  // Fingerprinted URLs, so a year of caching is safe: a new stylesheet gets a new URL.
  app.use('/assets', express.static(PUBLIC_DIR, { index: false, immutable: true, maxAge: '1y' }));
  app.use(
    '/media',
    serveMedia({
      contentDir: config.contentDir,
      cacheDir: mediaCacheDir,
      cacheMaxBytes: mediaCacheMaxBytes,
    }),
  );
  app.use(createRoutes({ db, now, logger, site, sitemapSize }));
  app.use(notFound);
  app.use(errorPages(logger));
  return app;
}

function fingerprinted(url: string, file: string): string {
  const hash = crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(PUBLIC_DIR, file)))
    .digest('hex')
    .slice(0, 10);
  return `${url}?v=${hash}`;
}
