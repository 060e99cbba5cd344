import {
  SUMMARY_COLUMNS,
  toSummary,
  VISIBLE,
  type ArticleSummary,
  type SummaryRow,
  type Tag,
} from './articles.js';
import type { Database, SqlValue } from './database.js';

/** What a feed entry carries: the summary plus the full body and the tags. */
export interface FeedArticle extends ArticleSummary {
  bodyHtml: string;
  tags: Tag[];
}

export interface FeedOptions {
  now: number;
  limit: number;
  /** Only this section's articles; all sections when undefined. */
  sectionSlug?: string | undefined;
}

/** The newest published articles for a feed, newest first. */
export async function listFeedArticles(
  db: Database,
  { now, limit, sectionSlug }: FeedOptions,
): Promise<FeedArticle[]> {
  const where = sectionSlug === undefined ? VISIBLE : `${VISIBLE} AND section_slug = ?`;
  const params: SqlValue[] = sectionSlug === undefined ? [now] : [now, sectionSlug];
  const rows = await db.all<SummaryRow & { body_html: string }>(
    `SELECT ${SUMMARY_COLUMNS}, body_html FROM articles JOIN article_bodies USING (id)
     WHERE ${where}
     ORDER BY published_at DESC, id DESC LIMIT ?`,
    [...params, limit],
  );
  if (rows.length === 0) return [];
  const tags = await db.all<{ article_id: number; tag: string; tag_slug: string }>(
    `SELECT article_id, tag, tag_slug FROM article_tags
     WHERE article_id IN (${rows.map(() => '?').join(', ')}) ORDER BY article_id, position`,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    ...toSummary(row),
    bodyHtml: row.body_html,
    tags: tags
      .filter((t) => t.article_id === row.id)
      .map((t) => ({ name: t.tag, slug: t.tag_slug })),
  }));
}
