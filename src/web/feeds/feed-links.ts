import {
  CORRECTIONS_PATH,
  facetPath,
  feedPath,
  FEED_FILES,
  type FacetKind,
  type FeedFormat,
} from '../../shared/urls.js';
import { FACET_LABELS, facetTitle } from '../facets.js';
import type { SiteInfo } from '../site-info.js';

/** Each format's media type and name (its file is in src/shared/urls.ts). */
export const FEED_FORMATS: Readonly<Record<FeedFormat, { type: string; name: string }>> = {
  rss: { type: 'application/rss+xml', name: 'RSS' },
  atom: { type: 'application/atom+xml', name: 'Atom' },
  json: { type: 'application/feed+json', name: 'JSON Feed' },
};

export const FEED_FORMAT_NAMES = Object.keys(FEED_FILES) as FeedFormat[];

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
  facet: FacetKind,
  slug: string,
  name: string,
): FeedScope => ({
  basePath: facetPath(facet, slug),
  title: `${facetTitle(facet, name)} | ${site.name}`,
  description: `Tin mới nhất ${FACET_LABELS[facet].toLowerCase()} ${name} của ${site.name}`,
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
