import type { Facet } from '../../db/articles.js';
import { CORRECTIONS_PATH } from '../../shared/site-paths.js';
import { FACETS, facetPath, facetTitle } from '../facets.js';
import type { SiteInfo } from '../pages/page-deps.js';

/** Each format's file under the path of what it follows, its media type, and its name. */
export const FEED_FORMATS = {
  rss: { file: 'rss.xml', type: 'application/rss+xml', name: 'RSS' },
  atom: { file: 'atom.xml', type: 'application/atom+xml', name: 'Atom' },
  json: { file: 'feed.json', type: 'application/feed+json', name: 'JSON Feed' },
} as const;

export type FeedFormat = keyof typeof FEED_FORMATS;

export const FEED_FORMAT_NAMES = Object.keys(FEED_FORMATS) as FeedFormat[];

/** ("", "rss") → "/rss.xml"; ("/chu-de/nong-nghiep", "json") → "/chu-de/nong-nghiep/feed.json". */
export const feedPath = (basePath: string, format: FeedFormat): string =>
  `${basePath}/${FEED_FORMATS[format].file}`;

/** What one set of feeds (RSS, Atom, JSON) follows: the whole site, or one listing. */
export interface FeedScope {
  /** "" for the site, else the listing's path, under which the feeds live. */
  basePath: string;
  title: string;
  description: string;
}

export const siteFeedScope = (site: SiteInfo): FeedScope => ({
  basePath: '',
  title: site.name,
  description: `Tin mới nhất từ ${site.name}`,
});

/** A section's, tag's or author's feeds, named as its listing page is. */
export const facetFeedScope = (
  site: SiteInfo,
  facet: Facet,
  slug: string,
  name: string,
): FeedScope => ({
  basePath: facetPath(facet, slug),
  title: `${facetTitle(facet, name)} | ${site.name}`,
  description: `Tin mới nhất ${FACETS[facet].label.toLowerCase()} ${name} của ${site.name}`,
});

/** The corrections' feeds, beside `/dinh-chinh`. */
export const correctionsFeedScope = (site: SiteInfo): FeedScope => ({
  basePath: CORRECTIONS_PATH,
  title: `Đính chính | ${site.name}`,
  description: `Các đính chính của ${site.name}: thông tin nào đã sai, thông tin đúng là gì`,
});

export interface FeedLink {
  type: string;
  title: string;
  /** Absolute: feed readers keep it apart from the page. */
  href: string;
}

/** The `<link rel="alternate">` of a scope's three feeds, for a page's head. */
export function feedLinks(site: SiteInfo, scope: FeedScope): FeedLink[] {
  return FEED_FORMAT_NAMES.map((format) => ({
    type: FEED_FORMATS[format].type,
    title: `${scope.title} (${FEED_FORMATS[format].name})`,
    href: site.url + feedPath(scope.basePath, format),
  }));
}
