import { timingSafeEqual } from 'node:crypto';
import { getArticle } from '../../db/articles.js';
import { listRelatedArticles } from '../../db/related-articles.js';
import { articlePath, previewToken } from '../../shared/urls.js';
import type { PageHandler } from '../respond.js';
import { moment } from '../view-models.js';
import { articleModel, RELATED_ARTICLES } from './article-page.js';
import type { PageDeps } from './page-deps.js';
import { isVisible } from '../../db/visibility.js';

/**
 * `/xem-truoc/<id>/<token>`: a draft or a scheduled article as it will look, for the editor to
 * send to a colleague. Marked "Bản xem trước", kept out of search engines and every cache; a
 * wrong or retired token is a plain 404, like an id that does not exist. Once the article is out,
 * the link leads to its page.
 */
export function previewPage({
  db,
  now,
  site,
  previewSecret,
}: PageDeps & { previewSecret: string }): PageHandler {
  return async (req) => {
    const id = Number(req.params.id);
    const token = String(req.params.token);
    if (!Number.isSafeInteger(id) || id < 1) return undefined;
    const expected = Buffer.from(previewToken(previewSecret, id));
    const given = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const article = await getArticle(db, id);
    if (!article || article.deletedAt !== undefined) return undefined;
    const at = now();
    if (isVisible({ ...article, deleted: false }, at)) return { redirect: articlePath(article) };
    const related = await listRelatedArticles(db, article, { now: at, limit: RELATED_ARTICLES });
    const model = articleModel(article, related, site);
    return {
      view: 'article',
      private: true,
      model: {
        ...model,
        page: { ...(model.page as object), noindex: true },
        preview: {
          draft: article.draft,
          publishes: article.draft ? undefined : moment(article.publishedAt),
        },
      },
    };
  };
}
