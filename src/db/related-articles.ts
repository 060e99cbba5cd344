import {
  SUMMARY_COLUMNS,
  toSummary,
  VISIBLE,
  type ArticleSummary,
  type SummaryRow,
} from './articles.js';
import type { Database } from './database.js';

/**
 * "Bài viết liên quan": published articles other than this one, those in the same section or
 * sharing tags first (each shared tag and the section count one point), then the newest.
 */
export async function listRelatedArticles(
  db: Database,
  article: { id: number; sectionSlug: string | undefined },
  { now, limit }: { now: number; limit: number },
): Promise<ArticleSummary[]> {
  const rows = await db.all<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM articles
     WHERE ${VISIBLE} AND id != ?
     ORDER BY
       (section_slug IS NOT NULL AND section_slug = ?)
         + (SELECT count(*) FROM article_tags mine JOIN article_tags theirs
              ON theirs.tag_slug = mine.tag_slug
            WHERE mine.article_id = ? AND theirs.article_id = articles.id) DESC,
       published_at DESC, id DESC
     LIMIT ?`,
    [now, article.id, article.sectionSlug ?? null, article.id, limit],
  );
  return rows.map(toSummary);
}
