import { listArticles } from '../../db/articles.js';
import { HttpError } from '../http-error.js';
import { namesFirstPage, requestedPage } from '../page-number.js';
import { HOME_PATH, pagePath } from '../../shared/urls.js';
import type { PageHandler } from '../respond.js';
import { serializeJsonLd, websiteLd } from '../structured-data.js';
import { newestChange, pagination, toCard } from '../view-models.js';
import { factsOf, type PageDeps } from './page-deps.js';

export const HOME_PAGE_SIZE = 15;

const HOME_DESCRIPTION =
  'Tin tức mới nhất từ các huyện vùng cao: chính quyền, kinh tế, đời sống và văn hóa địa phương.';

/** `/` and `/?trang=N`: the newest articles, the first of page 1 as the lead story. */
export function homePage({ db, now, site }: PageDeps): PageHandler {
  return async (req, res) => {
    const page = requestedPage(req);
    if (namesFirstPage(req, page)) return { redirect: HOME_PATH };
    const items = await listArticles(db, {
      now: now(),
      limit: HOME_PAGE_SIZE,
      offset: (page - 1) * HOME_PAGE_SIZE,
    });
    if (page > 1 && items.length === 0) throw new HttpError(404, `page ${page} is past the end`);
    const cards = items.map(toCard);
    return {
      view: 'home',
      lastModifiedMs: newestChange(items),
      model: {
        page: {
          title: page === 1 ? undefined : `Tin mới - Trang ${page}`,
          canonicalPath: pagePath(HOME_PATH, page),
          jsonLd: page === 1 ? [serializeJsonLd(websiteLd(site))] : [],
          // What search results and link previews show under the site's name.
          description: HOME_DESCRIPTION,
        },
        lead: page === 1 ? cards[0] : undefined,
        articles: page === 1 ? cards.slice(1) : cards,
        pagination: pagination(HOME_PATH, page, factsOf(res).articles, HOME_PAGE_SIZE),
      },
    };
  };
}
