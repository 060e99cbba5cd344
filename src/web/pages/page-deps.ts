import type { Database } from '../../db/types.js';
import type { SiteFacts } from '../../db/site-facts.js';
import type { SiteInfo } from '../site-info.js';

/** What page handlers need: the database and the clock (a parameter so tests can move time). */
export interface PageDeps {
  db: Database;
  now: () => number;
  site: SiteInfo;
  /** URLs per article sitemap; a parameter so a test can split with a handful of articles. */
  sitemapSize: number;
}

/** The site's facts for this request, loaded once before any page handler runs. */
export const factsOf = (res: { locals: Record<string, unknown> }): SiteFacts =>
  res.locals.facts as SiteFacts;
