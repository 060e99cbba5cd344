import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { pino } from 'pino';
import { DEFAULT_PAGE_CACHE_MB, loadConfig } from '../../src/config.js';
import type { ContentRole } from '../../src/content/sync/sync-role.js';
import type { SyncReport } from '../../src/content/sync/sync-report.js';
import type { SyncThread } from '../../src/content/sync/sync-thread.js';
import type { Database, SqlParams } from '../../src/db/types.js';
import { openSite } from '../../src/open-site.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import type { TestClock } from '../../src/shared/clock.js';
import { articlePath } from '../../src/shared/urls.js';
import type { RateLimitOptions } from '../../src/web/rate-limit.js';
import { rawGet, type RawResponse } from './raw-get.js';

/** The district report as scraped, kept in the repository as the site's first article. */
export const SEED_FILE = path.join(
  PROJECT_ROOT,
  'content',
  'huyen-uy-pac-nam-bam-sat-thuc-tien.txt',
);
/**
 * 2,000 archived Vietnamese news articles, under a licence that keeps them out of this
 * repository: used by the benchmark and by optional large runs when found beside the checkout.
 */
export const CORPUS_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus', 'vi-news');

/** The preview secret of test sites, so a test can build the links its editors would get. */
export const TEST_PREVIEW_SECRET = 'bi-mat-xem-truoc-cua-trang-thu';

export interface TestSite {
  url: string;
  contentDir: string;
  databasePath: string;
  db: Database;
  /** The importer's thread, as the server runs it. */
  importer: SyncThread;
  /** Every read the site's pages made, in order; tests empty it to watch one request. */
  queries: { sql: string; params: SqlParams }[];
  /** What each sync of edits and each walk the watcher ran did, in order. */
  syncs: { report: SyncReport; kind: 'edit' | 'walk' }[];
  /** Log lines the site wrote, parsed. */
  logs: { level: number; msg: string; file?: string; [field: string]: unknown }[];
  /** Writes a file into the content folder (creating subfolders). */
  write(file: string, content: string | Uint8Array): Promise<string>;
  get(pathname: string, init?: RequestInit): Promise<Response>;
  /**
   * A plain HTTP GET with exactly these headers. fetch() adds `Cache-Control: no-cache` to
   * conditional requests (as the Fetch standard says), which a browser revalidating does not.
   */
  request(pathname: string, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface SiteOptions {
  files?: Record<string, string | Uint8Array>;
  watch?: boolean;
  /** A clock the test moves (createTestClock), shared with the importer's thread. */
  clock?: TestClock;
  siteUrl?: string;
  /** URLs per article sitemap file. */
  sitemapSize?: number;
  /** The page cache's budget in MiB (the default's, unless a test needs it off or small). */
  pageCacheMb?: number;
  /** An existing content folder to serve (left in place on close), instead of a new one. */
  contentDir?: string;
  /** An existing database file to serve (left in place on close), instead of a new one. */
  databasePath?: string;
  /** A primary (the default) or a replica that takes ids from the ledger it receives. */
  role?: ContentRole;
  /**
   * Searches a client may make. Tests search far more often than readers, so only the test of
   * the limit itself uses the site's own.
   */
  searchRateLimit?: RateLimitOptions;
  /** The size limit of the resized-image cache, when a test needs a small one. */
  mediaCacheMaxBytes?: number;
  /** One log line per request, in `logs`. */
  requestLog?: boolean;
  /** What draft preview links are signed with. */
  previewSecret?: string;
  /** Milliseconds between two walks through the whole folder (the watcher's rare full look). */
  walkEveryMs?: number;
  /** The pages' reads go through this, when a test makes the database fail under them. */
  reads?: (db: Database) => Database;
  /** A port to listen on (a restarted site keeps its origin), instead of a free one. */
  port?: number;
  /** The files the site ships (public/), when a test needs a copy it changes. */
  publicDir?: string;
}

/**
 * A whole site on a temporary folder and database, listening on a free port: the same stack a
 * reader meets, built fresh for each test.
 */
export async function startSite(options: SiteOptions = {}): Promise<TestSite> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-test-'));
  // What is open so far, closed last-opened first: by close(), or at once when setting up fails
  // half-way, so a failing `before` never leaves a server or a watcher holding its test process.
  const closers: (() => unknown)[] = [() => fs.rm(root, { recursive: true, force: true })];
  const close = async () => {
    while (closers.length > 0) await closers.pop()!();
  };
  try {
    const contentDir = options.contentDir ?? path.join(root, 'content');
    await fs.mkdir(contentDir, { recursive: true });
    const write = async (file: string, content: string | Uint8Array) => {
      const target = path.join(contentDir, file);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
      return target;
    };
    for (const [file, content] of Object.entries(options.files ?? {})) await write(file, content);

    const logs: TestSite['logs'] = [];
    const syncs: TestSite['syncs'] = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => void logs.push(JSON.parse(line) as TestSite['logs'][number]) },
    );
    const databasePath = options.databasePath ?? path.join(root, 'data', 'site.db');
    // Configured as an operator configures the server, through the same variables.
    const config = loadConfig(
      {
        CONTENT_DIR: contentDir,
        DATABASE_PATH: databasePath,
        SITE_URL: options.siteUrl ?? 'https://tin.example.vn',
        SITE_NAME: 'Tin Thử',
        WATCH: options.watch ? '1' : '0',
        PAGE_CACHE_MB: String(options.pageCacheMb ?? DEFAULT_PAGE_CACHE_MB),
        REQUEST_LOG: options.requestLog ? '1' : '0',
        LOG_LEVEL: 'debug',
        ROLE: options.role ?? 'primary',
        PREVIEW_SECRET: options.previewSecret ?? TEST_PREVIEW_SECRET,
      },
      root,
    );
    const queries: TestSite['queries'] = [];
    const site = await openSite({
      config: {
        ...config,
        mediaCacheMb: (options.mediaCacheMaxBytes ?? config.mediaCacheMb * 1024 * 1024) / 2 ** 20,
      },
      logger,
      walkAtStart: false,
      clock: options.clock,
      walkEveryMs: options.walkEveryMs,
      sitemapSize: options.sitemapSize,
      publicDir: options.publicDir,
      searchRateLimit: options.searchRateLimit ?? { burst: 1e6, perSecond: 1e6 },
      onSync: (report, kind) => syncs.push({ report, kind }),
      // Every read the pages make is noted, for the tests of what a page costs.
      reads: (opened) => {
        const db = options.reads?.(opened) ?? opened;
        return {
          ...db,
          get: (sql, params = []) => {
            queries.push({ sql, params });
            return db.get(sql, params);
          },
          all: (sql, params = []) => {
            queries.push({ sql, params });
            return db.all(sql, params);
          },
        };
      },
    });
    closers.push(() => site.close());
    const { db, importer } = site;
    await importer.sync({ settleMs: 0 });

    const server = http.createServer(site.app).listen(options.port ?? 0, '127.0.0.1');
    closers.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    await new Promise((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    return {
      url,
      contentDir,
      databasePath,
      db,
      importer,
      queries,
      syncs,
      logs,
      write,
      get: (pathname, init) => fetch(url + pathname, { redirect: 'manual', ...init }),
      request: (pathname, headers) => rawGet(url, pathname, headers),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** The URL path of the article titled `title` once it is stored, else undefined. */
export async function articlePathOf(site: TestSite, title: string): Promise<string | undefined> {
  const row = await site.db.get<{ id: number; slug: string }>(
    'SELECT id, slug FROM articles WHERE title = ?',
    [title],
  );
  return row && articlePath(row);
}

/** The article titles a listing page shows, in order (lead story first). */
export function cardTitles(html: string): string[] {
  const $ = cheerio.load(html);
  return $('.card__title')
    .map((_, el) => $(el).text().trim())
    .get();
}
