import type { Database } from '../../db/database.js';

/** The site's name and its absolute base URL (SITE_URL, never the request's Host header). */
export interface SiteInfo {
  name: string;
  url: string;
}

/** What page handlers need: the database and the clock (a parameter so tests can move time). */
export interface PageDeps {
  db: Database;
  now: () => number;
  site: SiteInfo;
}
