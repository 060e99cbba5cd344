import { listArticlesBy, type Facet } from '../../db/articles.js';
import { HttpError } from '../http-error.js';
import { readPageNumber } from '../page-number.js';
import type { PageHandler } from '../respond.js';
import { newestChange, pagination, toCard } from '../view-models.js';
import type { PageDeps } from './page-deps.js';

export const LISTING_PAGE_SIZE = 20;

const FACETS: Record<Facet, { path: string; label: string }> = {
  section: { path: '/chuyen-muc', label: 'Chuyên mục' },
  tag: { path: '/chu-de', label: 'Chủ đề' },
  author: { path: '/tac-gia', label: 'Tác giả' },
};

/** `/chuyen-muc/<slug>`, `/chu-de/<slug>`, `/tac-gia/<slug>`: one group's articles, paginated. */
export function listingPage(facet: Facet, { db, now }: PageDeps): PageHandler {
  const { path, label } = FACETS[facet];
  return async (req) => {
    const slug = String(req.params.slug);
    const basePath = `${path}/${slug}`;
    const page = readPageNumber(req.query.trang);
    if (page === undefined) throw new HttpError(404, `no page "${String(req.query.trang)}"`);
    if (page === 1 && req.query.trang !== undefined) return { redirect: basePath };
    const listing = await listArticlesBy(db, facet, slug, {
      now: now(),
      limit: LISTING_PAGE_SIZE,
      offset: (page - 1) * LISTING_PAGE_SIZE,
    });
    if (!listing) throw new HttpError(404, `no ${facet} "${slug}"`);
    if (listing.items.length === 0)
      throw new HttpError(404, `page ${page} of ${basePath} is past the end`);
    const title = facet === 'section' ? listing.name : `${label}: ${listing.name}`;
    return {
      view: 'listing',
      lastModifiedMs: newestChange(listing.items),
      model: {
        page: {
          title: page === 1 ? title : `${title} - Trang ${page}`,
          description: `Tin bài ${label.toLowerCase()} ${listing.name}`,
          canonicalPath: page === 1 ? basePath : `${basePath}?trang=${page}`,
        },
        heading: { label, name: listing.name },
        articles: listing.items.map(toCard),
        pagination: pagination(basePath, page, listing.total, LISTING_PAGE_SIZE),
      },
    };
  };
}
