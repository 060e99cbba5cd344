import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { DEFAULT_PAGE_CACHE_MB } from '../../src/config.js';
import {
  createImporter,
  type ContentRole,
  type Importer,
} from '../../src/content/import-content.js';
import { watchContent, type ContentWatcher } from '../../src/content/watch-content.js';
import { openDatabase, type Database, type SqlValue } from '../../src/db/database.js';
import { openLiveFacts } from '../../src/web/live-facts.js';
import type { RateLimitOptions } from '../../src/web/rate-limit.js';
import { rawGet, type RawResponse } from './raw-get.js';

export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');
export const SEED_FILE = path.join(SHARED_DIR, 'seed/000_e468106968fbad4e.txt');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus/vi-news');

export interface TestSite {
  url: string;
  contentDir: string;
  databasePath: string;
  db: Database;
  importer: Importer;
  /** Every read the site's pages made, in order; tests empty it to watch one request. */
  queries: { sql: string; params: SqlValue[] }[];
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
  now?: () => number;
  siteUrl?: string;
  /** URLs per article sitemap file. */
  sitemapSize?: number;
  /** The page cache's budget in MiB (the default's, unless a test needs it off or small). */
  pageCacheMb?: number;
  /** An existing content folder to serve (left in place on close), instead of a new one. */
  contentDir?: string;
  /** A primary (the default) or a replica that takes ids from the ledger it receives. */
  role?: ContentRole;
  /**
   * Searches a client may make. Tests search far more often than readers, so only the test of
   * the limit itself uses the site's own.
   */
  searchRateLimit?: RateLimitOptions;
  /** One log line per request, in `logs`. */
  requestLog?: boolean;
}

/**
 * A whole site on a temporary folder and database, listening on a free port: the same stack a
 * reader meets, built fresh for each test.
 */
export async function startSite(options: SiteOptions = {}): Promise<TestSite> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-test-'));
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
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void logs.push(JSON.parse(line) as TestSite['logs'][number]) },
  );
  const databasePath = path.join(root, 'data', 'site.db');
  const db = await openDatabase(databasePath);
  const now = options.now ?? Date.now;
  const facts = await openLiveFacts({ db, now, logger });
  const importer = createImporter({
    db,
    contentDir,
    logger,
    now,
    role: options.role,
    onPublish: (published) => facts.publish(published),
  });
  await importer.sync({ settleMs: 0 });
  let watcher: ContentWatcher | undefined;
  if (options.watch) watcher = await watchContent({ contentDir, importer, logger });

  const queries: TestSite['queries'] = [];
  const recorded: Database = {
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
  const app = createApp({
    db: recorded,
    logger,
    facts,
    syncStatus: importer.status,
    searchRateLimit: options.searchRateLimit ?? { burst: 1e6, perSecond: 1e6 },
    now,
    mediaCacheDir: path.join(root, 'data', 'media-cache'),
    sitemapSize: options.sitemapSize,
    config: {
      siteName: 'Tin Thử',
      siteUrl: options.siteUrl ?? 'https://tin.example.vn',
      contentDir,
      pageCacheMb: options.pageCacheMb ?? DEFAULT_PAGE_CACHE_MB,
      requestLog: options.requestLog ?? false,
    },
  });
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    contentDir,
    databasePath,
    db,
    importer,
    queries,
    logs,
    write,
    get: (pathname, init) => fetch(url + pathname, { redirect: 'manual', ...init }),
    request: (pathname, headers) => rawGet(url, pathname, headers),
    async close() {
      await watcher?.close();
      facts.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the time it took. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The article titles a listing page shows, in order (lead story first). */
export function cardTitles(html: string): string[] {
  const $ = cheerio.load(html);
  return $('.card__title')
    .map((_, el) => $(el).text().trim())
    .get();
}
