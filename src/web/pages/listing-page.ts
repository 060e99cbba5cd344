import { listArticlesBy } from '../../db/articles.js';
import { facetPath, pagePath, type FacetKind } from '../../shared/urls.js';
import { FACET_LABELS, facetTitle } from '../facets.js';
import { facetFeedScope, feedLinks } from '../feeds/feed-links.js';
import { HttpError } from '../http-error.js';
import { namesFirstPage, requestedPage } from '../page-number.js';
import type { PageHandler } from '../respond.js';
import { newestChange, pagination, toCard } from '../view-models.js';
import type { PageDeps } from './page-deps.js';

export const LISTING_PAGE_SIZE = 20;

/** `/chuyen-muc/<slug>`, `/chu-de/<slug>`, `/tac-gia/<slug>`: one group's articles, paginated. */
export function listingPage(facet: FacetKind, { db, now, site }: PageDeps): PageHandler {
  const label = FACET_LABELS[facet];
  return async (req) => {
    const slug = String(req.params.slug);
    const basePath = facetPath(facet, slug);
    const page = requestedPage(req);
    if (namesFirstPage(req, page)) return { redirect: basePath };
    const listing = await listArticlesBy(db, facet, slug, {
      now: now(),
      limit: LISTING_PAGE_SIZE,
      offset: (page - 1) * LISTING_PAGE_SIZE,
    });
    if (!listing) throw new HttpError(404, `no ${facet} "${slug}"`);
    if (listing.items.length === 0)
      throw new HttpError(404, `page ${page} of ${basePath} is past the end`);
    const title = facetTitle(facet, listing.name);
    return {
      view: 'listing',
      lastModifiedMs: newestChange(listing.items),
      model: {
        page: {
          title: page === 1 ? title : `${title} - Trang ${page}`,
          description: `Tin bài ${label.toLowerCase()} ${listing.name}`,
          canonicalPath: pagePath(basePath, page),
          // Its own feeds, where a reader who follows this group looks for them.
          feeds: feedLinks(site, facetFeedScope(site, facet, slug, listing.name)),
        },
        heading: { label, name: listing.name },
        articles: listing.items.map(toCard),
        pagination: pagination(basePath, page, listing.total, LISTING_PAGE_SIZE),
      },
    };
  };
}
