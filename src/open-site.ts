import type { RequestListener } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { SyncReport } from './content/sync/sync-report.js';
import { startSyncThread, type SyncThread } from './content/sync/sync-thread.js';
import { openDatabase } from './db/database.js';
import type { Database } from './db/types.js';
import { readPreviewSecret } from './preview-secret.js';
import type { TestClock } from './shared/clock.js';
import { openLiveFacts, type LiveFacts } from './web/live-facts.js';
import { searchRateLimit, type RateLimitOptions } from './web/rate-limit.js';

/** The site, open: its database, its facts, its importer on its own thread, and its pages. */
export interface Site {
  /** The database, as the importer's writes reach the pages. */
  db: Database;
  facts: LiveFacts;
  importer: SyncThread;
  /** The pages, as a Node request listener: what a server listens with. */
  app: RequestListener;
  previewSecret: string;
  /** Stops the importer (its work in progress done first), then the facts and the database. */
  close(): Promise<void>;
}

export interface OpenSiteOptions {
  config: Readonly<Config>;
  logger: Logger;
  /**
   * The importer walks the folder soon after it starts. By default when the database already
   * holds a site (a restart, a crash): it is served meanwhile and catches up with content/.
   */
  walkAtStart?: boolean;
  // What tests set, to watch the site or move its clock; left out, the site runs as a server does.
  /** A clock shared with the importer's thread. */
  clock?: TestClock;
  walkEveryMs?: number;
  /** The pages' reads go through this (a test records or breaks them). */
  reads?: (db: Database) => Database;
  sitemapSize?: number;
  publicDir?: string;
  searchRateLimit?: RateLimitOptions | false;
  /** Each sync of edits and each walk, as the importer reports it. */
  onSync?: (report: SyncReport, kind: 'edit' | 'walk') => void;
}

/**
 * Opens the site from its configuration: the database (brought up to date), the facts every
 * page reads, the importer on a thread of its own and the pages in front. Returns without
 * waiting for the importer, so a server can answer from the database while it starts. The one
 * place the site is wired: the server, the tests and the measuring scripts all open it here.
 */
export async function openSite(options: OpenSiteOptions): Promise<Site> {
  const { config, logger } = options;
  const now = options.clock?.now ?? Date.now;
  const db = await openDatabase(config.databasePath);
  const dataDir = path.dirname(config.databasePath);
  const previewSecret = readPreviewSecret(config.previewSecret, dataDir);
  // The facts ask the importer to publish scheduled articles; the importer tells them what it did.
  const importerOf: { thread?: SyncThread } = {};
  const facts = await openLiveFacts({
    db,
    now,
    logger,
    publishDue: async () => importerOf.thread?.publishDue(),
  });
  const importer = (importerOf.thread = startSyncThread({
    databasePath: config.databasePath,
    contentDir: config.contentDir,
    role: config.role,
    logLevel: config.logLevel,
    siteUrl: config.siteUrl,
    previewSecret,
    watch: config.watch,
    walkAtStart: options.walkAtStart ?? facts.current().generation > 0,
    walkEveryMs: options.walkEveryMs ?? config.walkMinutes * 60_000,
    // One core answers readers; the others parse when many files arrive at once.
    parseThreads: Math.max(1, os.availableParallelism() - 1),
    clock: options.clock?.shared,
    logger,
    onPublish: (published) => facts.publish(published),
    onSync: options.onSync,
  }));
  const app = createApp({
    db: options.reads?.(db) ?? db,
    config,
    logger,
    facts,
    now,
    mediaCacheDir: path.join(dataDir, 'media-cache'),
    mediaCacheMaxBytes: config.mediaCacheMb * 1024 * 1024,
    previewSecret,
    searchRateLimit: options.searchRateLimit ?? searchRateLimit(config.searchRateLimit),
    syncStatus: importer.status,
    sitemapSize: options.sitemapSize,
    publicDir: options.publicDir,
  });
  return {
    db,
    facts,
    importer,
    app,
    previewSecret,
    async close() {
      await importer.close();
      facts.close();
      await db.close();
    },
  };
}
