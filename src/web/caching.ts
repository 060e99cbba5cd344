/**
 * How long others may keep a page, by status.
 *
 * Browsers revalidate every time (max-age=0), which costs a 304 thanks to the ETag: an editor's
 * change is on the next page view. A shared cache (nginx, a CDN) may answer from its copy for
 * one second (s-maxage=1) and, when every origin is down, serve its last copy for a day
 * (stale-if-error). stale-while-revalidate is left out on purpose: browsers honour it too and
 * would show a reader a page older than the one-second promise; nginx gets what it needs of it
 * from `proxy_cache_use_stale updating` in deploy/nginx/tin.conf (readers arriving while one
 * request revalidates a page get the kept copy).
 * Server errors are never stored anywhere, and neither is a 429, which is meant for one client.
 */
export function cacheControlFor(status: number): string {
  return status >= 500 || status === 429 ? 'no-store' : PAGE_CACHE_CONTROL;
}

export const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=1, stale-if-error=86400';

/** Statuses the page cache keeps: pages, and removed articles. A 404 is cheap and unbounded. */
export const CACHED_STATUSES: ReadonlySet<number> = new Set([200, 410]);
