import path from 'node:path';
import type { ContentRole } from './content/sync/sync-role.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';

export interface Config {
  port: number;
  host: string;
  contentDir: string;
  databasePath: string;
  /** Absolute base for canonical links and previews, without a trailing slash. */
  siteUrl: string;
  siteName: string;
  watch: boolean;
  /** Minutes between two walks through the whole of content/, for what events did not say. */
  walkMinutes: number;
  logLevel: LogLevel;
  /** Memory for rendered pages, in MiB; 0 turns the page cache off. */
  pageCacheMb: number;
  /** "primary" gives ids and writes the ledger; "replica" takes them from the ledger it receives. */
  role: ContentRole;
  /** One JSON log line per request. */
  requestLog: boolean;
  /**
   * Proxies whose X-Forwarded-For names the reader (Express's "trust proxy": "loopback", a list
   * of addresses or subnets); false when the site faces readers itself.
   */
  trustProxy: string | false;
  /** The most the resized copies of images (data/media-cache/) may take on disk. */
  mediaCacheMb: number;
  /** Signs draft preview links; undefined: one is made and kept in the data folder. */
  previewSecret: string | undefined;
  /** Searches per second a client earns (ten at once); 0 turns the limit off (behind nginx's). */
  searchRateLimit: number;
  /** "on": articles stay readable offline; "retire": remove the worker from every browser. */
  serviceWorker: 'on' | 'retire';
}

export const DEFAULT_SITE_NAME = 'Tin Vùng Cao';
export const DEFAULT_MEDIA_CACHE_MB = 256;

/**
 * Every 10 minutes a walk through content/ catches what file events missed (a dropped event, a
 * folder written from another machine over the network): at 100,000 articles it is about a
 * second of the importer's thread.
 */
export const DEFAULT_WALK_MINUTES = 10;

/** About 3,500 article pages in three encodings each: the busy part of any archive. */
export const DEFAULT_PAGE_CACHE_MB = 64;

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Reads the environment once, checks every variable and reports all problems together, so an
 * operator fixes a bad deployment in one round instead of one restart per typo.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string): Readonly<Config> {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };

  let port = 3000;
  const rawPort = value('PORT');
  if (rawPort !== undefined) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port > 65535) {
      problems.push(`PORT must be a whole number from 0 to 65535, got "${rawPort}"`);
    }
  }

  const host = value('HOST') ?? '127.0.0.1';

  const siteUrl = (value('SITE_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const url = new URL(siteUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`SITE_URL must start with http:// or https://, got "${siteUrl}"`);
    } else if (url.search || url.hash) {
      problems.push(`SITE_URL must not carry a query or fragment, got "${siteUrl}"`);
    }
  } catch {
    problems.push(
      `SITE_URL must be an absolute URL such as https://tin.example.vn, got "${siteUrl}"`,
    );
  }

  const flag = (name: string, fallback: boolean): boolean => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be 1 or 0, got "${raw}"`);
    return fallback;
  };
  const watch = flag('WATCH', true);
  const requestLog = flag('REQUEST_LOG', true);

  const rawProxy = value('TRUST_PROXY');
  let trustProxy: string | false = false;
  if (rawProxy !== undefined && !['0', 'false', 'no', 'off'].includes(rawProxy.toLowerCase())) {
    if (!/^[\w.:/, -]+$/.test(rawProxy)) {
      problems.push(
        `TRUST_PROXY must be "loopback" or addresses and subnets separated by commas, got "${rawProxy}"`,
      );
    }
    trustProxy = rawProxy;
  }

  let mediaCacheMb = DEFAULT_MEDIA_CACHE_MB;
  const rawMediaCache = value('MEDIA_CACHE_MB');
  if (rawMediaCache !== undefined) {
    mediaCacheMb = Number(rawMediaCache);
    if (!/^\d+$/.test(rawMediaCache) || mediaCacheMb < 1) {
      problems.push(
        `MEDIA_CACHE_MB must be a whole number of megabytes, 1 or more, got "${rawMediaCache}"`,
      );
    }
  }

  let walkMinutes = DEFAULT_WALK_MINUTES;
  const rawWalk = value('WALK_MINUTES');
  if (rawWalk !== undefined) {
    walkMinutes = Number(rawWalk);
    if (!/^\d+(\.\d+)?$/.test(rawWalk) || walkMinutes < 0.1) {
      problems.push(`WALK_MINUTES must be a number of minutes, 0.1 or more, got "${rawWalk}"`);
    }
  }

  const rawLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(rawLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${rawLevel}"`);
  }

  let pageCacheMb = DEFAULT_PAGE_CACHE_MB;
  const rawPageCache = value('PAGE_CACHE_MB');
  if (rawPageCache !== undefined) {
    pageCacheMb = Number(rawPageCache);
    if (!/^\d+(\.\d+)?$/.test(rawPageCache) || pageCacheMb > 65536) {
      problems.push(
        `PAGE_CACHE_MB must be a number of megabytes from 0 (off) to 65536, got "${rawPageCache}"`,
      );
    }
  }

  const role = (value('ROLE') ?? 'primary').toLowerCase();
  if (role !== 'primary' && role !== 'replica') {
    problems.push(`ROLE must be primary or replica, got "${role}"`);
  }

  const previewSecret = value('PREVIEW_SECRET');
  if (previewSecret !== undefined && previewSecret.length < 16) {
    problems.push(
      'PREVIEW_SECRET must be at least 16 characters, so preview links cannot be guessed',
    );
  }

  let searchRateLimit = 1;
  const rawSearchLimit = value('SEARCH_RATE_LIMIT');
  if (rawSearchLimit !== undefined) {
    searchRateLimit = Number(rawSearchLimit);
    if (!/^\d+(\.\d+)?$/.test(rawSearchLimit)) {
      problems.push(
        `SEARCH_RATE_LIMIT must be searches per second per client, 0 for none, got "${rawSearchLimit}"`,
      );
    }
  }

  const serviceWorker = (value('SERVICE_WORKER') ?? 'on').toLowerCase();
  if (serviceWorker !== 'on' && serviceWorker !== 'retire') {
    problems.push(`SERVICE_WORKER must be on or retire, got "${serviceWorker}"`);
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    port,
    host,
    contentDir: path.resolve(cwd, value('CONTENT_DIR') ?? 'content'),
    databasePath: path.resolve(cwd, value('DATABASE_PATH') ?? 'data/site.db'),
    siteUrl,
    siteName: value('SITE_NAME') ?? DEFAULT_SITE_NAME,
    watch,
    walkMinutes,
    logLevel: rawLevel as LogLevel,
    pageCacheMb,
    role: role as ContentRole,
    requestLog,
    trustProxy,
    mediaCacheMb,
    previewSecret,
    searchRateLimit,
    serviceWorker: serviceWorker as Config['serviceWorker'],
  });
}
