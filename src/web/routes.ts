import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { LiveFacts } from './live-facts.js';
import { articlePage } from './pages/article-page.js';
import { correctionsPage } from './pages/corrections-page.js';
import { FACET_KINDS } from './facets.js';
import { FEED_FORMAT_NAMES } from './feeds/feed-links.js';
import { correctionsFeed, facetFeed, siteFeed } from './pages/feed-pages.js';
import { health, type SyncHealth } from './pages/health.js';
import { historyPage, versionPage } from './pages/history-pages.js';
import { homePage } from './pages/home-page.js';
import { listingPage } from './pages/listing-page.js';
import { offlinePage } from './pages/offline-page.js';
import type { PageDeps } from './pages/page-deps.js';
import { previewPage } from './pages/preview-page.js';
import { readQuery, searchPage } from './pages/search-page.js';
import { articleSitemap, newsSitemap, robotsTxt, sitemapIndex } from './pages/sitemap-pages.js';
import {
  ARTICLE_ROUTE,
  CORRECTIONS_PATH,
  facetPath,
  feedPath,
  HEALTH_PATH,
  HISTORY_PREFIX,
  HOME_PATH,
  NEWS_SITEMAP_PATH,
  OFFLINE_PATH,
  PAGE_PARAM,
  PREVIEW_PREFIX,
  ROBOTS_PATH,
  SEARCH_PARAM,
  SEARCH_PATH,
  SITEMAP_PATH,
  SITEMAPS_PREFIX,
} from '../shared/urls.js';
import { rateLimit, type RateLimitOptions } from './rate-limit.js';
import type { CacheName, PageTarget } from './page-store.js';
import type { PageHandler, Responder } from './respond.js';

export interface RouteDeps extends PageDeps {
  logger: Logger;
  facts: LiveFacts;
  responder: Responder;
  syncStatus: () => SyncHealth;
  searchRateLimit: RateLimitOptions | false;
  previewSecret: string;
}

/** Search results are kept apart, so endless distinct queries cannot push articles out. */
interface Route {
  path: string;
  /**
   * The query parameters the page reads, with how each is read. Every other parameter
   * (utm_*, fbclid, …) is dropped before the page sees the URL, so it can neither split nor
   * poison the page cache.
   */
  query?: Readonly<Record<string, (value: string) => string>>;
  /** A page answered through the responder, and so cached (in `cache`, default "pages"). */
  page?: (deps: RouteDeps) => PageHandler;
  /** false: a page for one reader (a preview), never kept. */
  cache?: CacheName | false;
  /** A handler that answers by itself and is never cached. */
  handler?: (deps: RouteDeps) => RequestHandler;
  /** Runs before the page when it is not in the cache (false: not today). */
  guard?: (deps: RouteDeps) => RequestHandler | false;
  /** What the service worker keeps of it for reading offline; nothing when absent. */
  offline?: OfflineKind;
}

/**
 * An article (the last 30 a reader opened, with their pictures), a listing (its last copy), or
 * the page shown for anything else when there is no network.
 */
export type OfflineKind = 'article' | 'listing' | 'offline';

const asIs = (value: string) => value;
const PAGED = { [PAGE_PARAM]: asIs };

// Each format for the whole site, for every section, tag and author beside its listing page, and
// for the corrections beside theirs.
const feedRoutes = FEED_FORMAT_NAMES.flatMap((format): Route[] => [
  { path: feedPath('', format), page: (deps) => siteFeed(deps, format) },
  { path: feedPath(CORRECTIONS_PATH, format), page: (deps) => correctionsFeed(deps, format) },
  ...FACET_KINDS.map((facet): Route => ({
    path: feedPath(facetPath(facet, ':slug'), format),
    page: (deps) => facetFeed(facet, deps, format),
  })),
]);

/** Every URL the site answers, in one table, in the order they are tried. */
const ROUTES: readonly Route[] = [
  ...feedRoutes,
  { path: SITEMAP_PATH, page: sitemapIndex },
  { path: NEWS_SITEMAP_PATH, page: newsSitemap },
  { path: `${SITEMAPS_PREFIX}/:file`, page: articleSitemap },
  { path: ROBOTS_PATH, page: robotsTxt },
  { path: HEALTH_PATH, handler: health },
  { path: HOME_PATH, query: PAGED, page: homePage, offline: 'listing' },
  {
    path: SEARCH_PATH,
    query: { [SEARCH_PARAM]: readQuery, [PAGE_PARAM]: asIs },
    cache: 'search',
    page: searchPage,
    guard: (deps) => deps.searchRateLimit && rateLimit(deps.searchRateLimit),
  },
  ...FACET_KINDS.map((facet): Route => ({
    path: facetPath(facet, ':slug'),
    query: PAGED,
    page: (deps) => listingPage(facet, deps),
    offline: 'listing',
  })),
  { path: CORRECTIONS_PATH, query: PAGED, page: correctionsPage, offline: 'listing' },
  { path: `${HISTORY_PREFIX}/:id`, page: historyPage },
  { path: `${HISTORY_PREFIX}/:id/:number`, page: versionPage },
  { path: `${PREVIEW_PREFIX}/:id/:token`, page: previewPage, cache: false },
  { path: OFFLINE_PATH, page: offlinePage, offline: 'offline' },
  // Last: a single path segment that may be "<slug>-<id>.html"; anything else falls through to 404.
  { path: ARTICLE_ROUTE, page: articlePage, offline: 'article' },
];

export function createRoutes(deps: RouteDeps): Router {
  const router = Router();
  for (const route of ROUTES) {
    const handler = route.page ? deps.responder.page(route.page(deps)) : route.handler!(deps);
    const guard = route.guard?.(deps);
    if (guard) router.get(route.path, guard, handler);
    else router.get(route.path, handler);
  }
  return router;
}

// Express's own matching, for the patterns above: case-insensitive, a trailing slash allowed,
// ":name" one path segment.
const MATCHERS = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(
    `^${route.path.replace(/[.]/g, '\\.').replace(/:[a-z]+/gi, '[^/]+')}/?$`,
    'i',
  ),
}));

/** Where a request's page is cached, and the URL the app is given. */
/**
 * "/?utm_source=zalo&trang=2" → "/?trang=2" in the pages cache; undefined for
 * URLs no cached page answers (media, health, unknown paths).
 */
export function findPageTarget(url: string): PageTarget | undefined {
  const mark = url.indexOf('?');
  const pathname = mark === -1 ? url : url.slice(0, mark);
  const match = MATCHERS.find((m) => m.pattern.test(pathname));
  if (!match?.route.page || match.route.cache === false) return undefined;
  let canonical = pathname;
  const reads = match.route.query;
  if (reads !== undefined && mark !== -1) {
    const given = new URLSearchParams(url.slice(mark + 1));
    const kept = new URLSearchParams();
    for (const [name, read] of Object.entries(reads)) {
      for (const value of given.getAll(name)) kept.append(name, read(value));
    }
    const query = kept.toString();
    if (query !== '') canonical += `?${query}`;
  }
  return { cache: match.route.cache ?? 'pages', url: canonical };
}

/** A route as the service worker matches it: the same patterns, tried in the same order. */
export interface OfflineRoute {
  /** The pattern's source, matched case-insensitively against the path. */
  pattern: string;
  /** The query parameters the page reads; the worker keys a saved page by those alone. */
  query: string[];
  kind: OfflineKind | null;
}

/** Every route, for the service worker (src/web/service-worker.ts writes them into it). */
export function offlineRoutes(): OfflineRoute[] {
  return MATCHERS.map(({ route, pattern }) => ({
    pattern: pattern.source,
    query: Object.keys(route.query ?? {}),
    kind: route.offline ?? null,
  }));
}
