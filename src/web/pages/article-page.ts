import { getArticle, type Article, type ArticleSummary } from '../../db/articles.js';
import { listRelatedArticles } from '../../db/related-articles.js';
import { toVietnamIso } from '../../shared/vietnam-time.js';
import { HttpError } from '../http-error.js';
import { previewImage } from '../preview-image.js';
import type { PageHandler } from '../respond.js';
import { shareLinks } from '../share-links.js';
import { breadcrumbLd, newsArticleLd, serializeJsonLd } from '../structured-data.js';
import { articlePath, historyPath } from '../../shared/urls.js';
import { changedAt, modifiedAt, toArticleView, toCard } from '../view-models.js';
import type { SiteInfo } from '../site-info.js';
import type { PageDeps } from './page-deps.js';
import { isVisible } from '../../db/visibility.js';

export const RELATED_ARTICLES = 5;

// "huyen-uy-pac-nam-...-1.html" → slug and id. The slug is decoration: the id finds the article.
const ARTICLE_FILE = /^(?:(.*)-)?(\d{1,15})\.html$/;

/** `/<slug>-<id>.html`: one article, or a 301 to its current URL, 410 if removed. */
export function articlePage({ db, now, site }: PageDeps): PageHandler {
  return async (req) => {
    const match = ARTICLE_FILE.exec(String(req.params.file));
    if (!match) return undefined;
    const article = await getArticle(db, Number(match[2]));
    const at = now();
    if (!article || !readersSee(article, at)) return undefined;
    const canonicalPath = articlePath(article);
    if (match[1] !== article.slug || req.path !== canonicalPath) {
      // The query as the reader sent it, tracking parameters included: they are theirs to keep.
      const query = req.originalUrl.indexOf('?');
      return { redirect: canonicalPath + (query === -1 ? '' : req.originalUrl.slice(query)) };
    }
    const related = await listRelatedArticles(db, article, { now: at, limit: RELATED_ARTICLES });
    return {
      view: 'article',
      lastModifiedMs: changedAt(article),
      model: {
        ...articleModel(article, related, site),
        // Here and not in articleModel: a draft's preview has no public address to pass on yet,
        // nor a history.
        share: shareLinks({ url: site.url + canonicalPath, title: article.title }),
        history:
          article.versions >= 2
            ? { url: historyPath(article.id), versions: article.versions }
            : undefined,
      },
    };
  };
}

/**
 * Whether readers may see an article at `at`: a draft or a scheduled article does not exist for
 * them yet (false: a plain 404, nothing leaked); a removed one answers 410, and so do its pages.
 */
export function readersSee(
  article: { id: number; draft: boolean; publishedAt: number; deletedAt: number | undefined },
  at: number,
): boolean {
  if (!isVisible({ ...article, deleted: false }, at)) return false;
  if (article.deletedAt !== undefined) {
    throw new HttpError(410, `article ${article.id} was removed`);
  }
  return true;
}

/** What the article template shows of an article, on its page and in its preview alike. */
export function articleModel(
  article: Article,
  related: ArticleSummary[],
  site: SiteInfo,
): Record<string, unknown> {
  return {
    page: {
      title: article.title,
      description: article.sapo,
      canonicalPath: articlePath(article),
      type: 'article',
      image: previewImage(site, article),
      publishedIso: toVietnamIso(article.publishedAt),
      modifiedIso: toVietnamIso(modifiedAt(article)),
      section: article.section,
      tags: article.tags.map((t) => t.name),
      jsonLd: [newsArticleLd(article, site), breadcrumbLd(article, site)].map(serializeJsonLd),
    },
    article: toArticleView(article),
    related: related.map(toCard),
  };
}
