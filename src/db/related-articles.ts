import {
  SUMMARY_COLUMNS,
  toSummary,
  VISIBLE,
  type ArticleSummary,
  type SummaryRow,
} from './articles.js';
import type { Database, Executor } from './database.js';
import { affectedByChange, createRanker, type RelatedInput } from './rank-related.js';

/** Articles ranked between two chances for waiting requests to be answered. */
const RANK_BETWEEN_BREAKS = 250;

/** Articles as related-article ranking sees them: the listed ones (not removed, not drafts). */
export async function listRelatedInputs(
  tx: Executor,
  ids?: readonly number[],
): Promise<RelatedInput[]> {
  const only = ids === undefined ? '' : 'AND id IN (SELECT value FROM json_each(?))';
  const params = ids === undefined ? [] : [JSON.stringify(ids)];
  const [rows, tags] = await Promise.all([
    tx.all<{ id: number; published_at: number; section_slug: string | null }>(
      `SELECT id, published_at, section_slug FROM articles
       WHERE deleted_at IS NULL AND draft = 0 ${only}`,
      params,
    ),
    tx.all<{ article_id: number; tag_slug: string }>(
      `SELECT article_id, tag_slug FROM article_tags
       WHERE listed = 1 ${only.replace('id IN', 'article_id IN')}`,
      params,
    ),
  ]);
  const tagsOf = new Map<number, string[]>();
  for (const t of tags) tagsOf.set(t.article_id, [...(tagsOf.get(t.article_id) ?? []), t.tag_slug]);
  return rows.map((r) => ({
    id: r.id,
    publishedAt: r.published_at,
    sectionSlug: r.section_slug ?? undefined,
    tagSlugs: tagsOf.get(r.id) ?? [],
  }));
}

/** What changed in one import: the ids written or removed, and how they stood before. */
export interface RelatedChange {
  ids: ReadonlySet<number>;
  /** The changed articles as they were listed before the import (new ones are absent). */
  before: readonly RelatedInput[];
}

/**
 * Ranks related articles again and stores the lists that changed. Runs in the import's
 * transaction: at import the whole archive may be read, so a page never has to. With `change`,
 * only the articles within reach of what changed are ranked (the result is the same as ranking
 * all of them); without it, every article is. Drafts and removed articles are never related;
 * scheduled ones are stored and skipped by readers until they are due.
 */
export async function refreshRelatedArticles(tx: Executor, change?: RelatedChange): Promise<void> {
  const after = await listRelatedInputs(tx);
  let only: Set<number> | undefined;
  // Past a quarter of the archive, ranking everything is as cheap as working out what not to.
  if (change !== undefined && change.ids.size * 4 < after.length) {
    const before = [...after.filter((a) => !change.ids.has(a.id)), ...change.before];
    only = affectedByChange(before, after, change.ids);
  }
  // Ranked a few hundred at a time, letting requests through in between: ranking the whole
  // archive takes long enough to be felt by readers while a large folder is being copied in.
  const rank = createRanker(after);
  const ranked = new Map<number, number[]>();
  let sinceBreak = 0;
  for (const article of after) {
    if (only && !only.has(article.id)) continue;
    ranked.set(article.id, rank(article));
    if (++sinceBreak === RANK_BETWEEN_BREAKS) {
      sinceBreak = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (ranked.size === 0) return;
  const stored = await tx.all<{ id: number; related_ids: string }>(
    'SELECT id, related_ids FROM articles WHERE id IN (SELECT value FROM json_each(?))',
    [JSON.stringify([...ranked.keys()])],
  );
  const changed: [number, string][] = [];
  for (const row of stored) {
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
