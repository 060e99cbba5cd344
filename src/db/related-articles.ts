import {
  SUMMARY_COLUMNS,
  toSummary,
  VISIBLE,
  type ArticleSummary,
  type SummaryRow,
} from './articles.js';
import type { Database, Executor } from './database.js';
import { rankRelated, type RelatedInput } from './rank-related.js';

/**
 * Ranks every article's related articles again and stores those that changed. Runs in the
 * import's transaction: at import the whole archive may be read, so a page never has to.
 * Drafts and removed articles are never related; scheduled ones are stored and skipped by
 * readers until they are due.
 */
export async function refreshRelatedArticles(tx: Executor): Promise<void> {
  const [rows, tags] = await Promise.all([
    tx.all<{ id: number; published_at: number; section_slug: string | null; related_ids: string }>(
      `SELECT id, published_at, section_slug, related_ids FROM articles
       WHERE deleted_at IS NULL AND draft = 0`,
    ),
    tx.all<{ article_id: number; tag_slug: string }>(
      'SELECT article_id, tag_slug FROM article_tags WHERE listed = 1',
    ),
  ]);
  const tagsOf = new Map<number, string[]>();
  for (const t of tags) tagsOf.set(t.article_id, [...(tagsOf.get(t.article_id) ?? []), t.tag_slug]);
  const inputs: RelatedInput[] = rows.map((r) => ({
    id: r.id,
    publishedAt: r.published_at,
    sectionSlug: r.section_slug ?? undefined,
    tagSlugs: tagsOf.get(r.id) ?? [],
  }));
  const ranked = rankRelated(inputs);
  const changed: [number, string][] = [];
  for (const row of rows) {
    const ids = JSON.stringify(ranked.get(row.id) ?? []);
    if (ids !== row.related_ids) changed.push([row.id, ids]);
  }
  if (changed.length === 0) return;
  // One statement for any number of rows: each statement is a round trip to SQLite's thread.
  await tx.run(
    `UPDATE articles SET related_ids = j.value ->> 1
     FROM json_each(?) AS j WHERE articles.id = j.value ->> 0`,
    [JSON.stringify(changed)],
  );
}

/**
 * "Bài viết liên quan": the stored related articles readers can see now, best first, topped up
 * with the newest articles when fewer than `limit` are related. Reads rows by id only.
 */
export async function listRelatedArticles(
  db: Database,
  article: { id: number; relatedIds: number[] },
  { now, limit }: { now: number; limit: number },
): Promise<ArticleSummary[]> {
  const ids = article.relatedIds;
  const rows =
    ids.length === 0
      ? []
      : await db.all<SummaryRow>(
          `SELECT ${SUMMARY_COLUMNS} FROM articles
           WHERE id IN (${ids.map(() => '?').join(', ')}) AND ${VISIBLE}`,
          [...ids, now],
        );
  const rank = new Map(ids.map((id, index) => [id, index]));
  const related = rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!).slice(0, limit);
  if (related.length < limit) {
    const taken = new Set([article.id, ...related.map((r) => r.id)]);
    const newest = await db.all<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE ${VISIBLE}
       ORDER BY published_at DESC, id DESC LIMIT ?`,
      [now, limit + taken.size],
    );
    related.push(...newest.filter((r) => !taken.has(r.id)).slice(0, limit - related.length));
  }
  return related.map(toSummary);
}
