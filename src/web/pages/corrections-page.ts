import { countCorrections, listCorrections, type Correction } from '../../db/corrections.js';
import { articlePath, CORRECTIONS_PATH, pagePath } from '../../shared/urls.js';
import { correctionsFeedScope, feedLinks } from '../feeds/feed-links.js';
import { HttpError } from '../http-error.js';
import { namesFirstPage, requestedPage } from '../page-number.js';
import type { PageHandler } from '../respond.js';
import { moment, newestChange, pagination, type Moment } from '../view-models.js';
import { LISTING_PAGE_SIZE } from './listing-page.js';
import type { PageDeps } from './page-deps.js';

/** A correction as `/dinh-chinh` shows it. */
export interface CorrectionView {
  /** The correction on its article's page. */
  url: string;
  title: string;
  /** The article's language, when it is not Vietnamese: its title is in it. */
  lang: string | undefined;
  date: Moment;
  /** Rendered at import, links checked: safe HTML. */
  html: string;
}

const toView = ({ note, article }: Correction): CorrectionView => ({
  url: `${articlePath(article)}#${note.anchor}`,
  title: article.title,
  lang: article.lang,
  date: moment(note.date),
  html: note.html,
});

/**
 * `/dinh-chinh` and `/dinh-chinh?trang=N`: every correction of every article readers can see,
 * newest first, paginated like every listing. With none yet, the page says so.
 */
export function correctionsPage({ db, now, site }: PageDeps): PageHandler {
  const scope = correctionsFeedScope(site);
  return async (req) => {
    const page = requestedPage(req);
    if (namesFirstPage(req, page)) return { redirect: CORRECTIONS_PATH };
    const at = now();
    const [items, total] = await Promise.all([
      listCorrections(db, {
        now: at,
        limit: LISTING_PAGE_SIZE,
        offset: (page - 1) * LISTING_PAGE_SIZE,
      }),
      countCorrections(db, at),
    ]);
    if (page > 1 && items.length === 0) throw new HttpError(404, `page ${page} is past the end`);
    return {
      view: 'corrections',
      lastModifiedMs: newestChange(items.map((c) => c.article)),
      model: {
        page: {
          title: page === 1 ? 'Đính chính' : `Đính chính - Trang ${page}`,
          description: scope.description,
          canonicalPath: pagePath(CORRECTIONS_PATH, page),
          // Its own feeds first, where a reader who follows corrections looks for them.
          feeds: feedLinks(site, scope),
        },
        corrections: items.map(toView),
        pagination: pagination(CORRECTIONS_PATH, page, total, LISTING_PAGE_SIZE),
      },
    };
  };
}
