import { SUMMARY_COLUMNS, toSummary, type ArticleSummary, type SummaryRow } from './articles.js';
import type { Database, Executor } from './types.js';
import { LISTED, TAG_LISTED, VISIBLE } from './visibility.js';
import { affectedByChange, keysOf, NEIGHBOURS, type RelatedInput } from './rank-related.js';
import type { Reader } from './sources.js';

/**
 * Past this many changed articles, or this many within their reach, ranking the whole archive is
 * cheaper than reading the neighbourhoods of each (a bulk import, a release rendering all again).
 */
const WHOLE_ARCHIVE_ABOVE = { changed: 1_000, reached: 20_000 };

/**
 * Articles as related-article ranking sees them: the listed ones (not removed, not drafts).
 * One row per article, its tags gathered in SQLite: ranking the whole archive reads 100,000
 * rows, not 100,000 and then 200,000 more for the tags, at the top of an import's memory.
 */
export async function listRelatedInputs(
  tx: Reader,
  ids?: readonly number[],
): Promise<RelatedInput[]> {
  const rows = await tx.all<{
    id: number;
    published_at: number;
    section_slug: string | null;
    tag_slugs: string;
  }>(
    `SELECT id, published_at, section_slug,
       (SELECT json_group_array(tag_slug) FROM article_tags
        WHERE article_id = articles.id AND ${TAG_LISTED}) AS tag_slugs
     FROM articles WHERE ${LISTED}
     ${ids === undefined ? '' : 'AND id IN (SELECT value FROM json_each(?))'}`,
    ids === undefined ? [] : [JSON.stringify(ids)],
  );
  return rows.map((r) => ({
    id: r.id,
    publishedAt: r.published_at,
    sectionSlug: r.section_slug ?? undefined,
    tagSlugs: JSON.parse(r.tag_slugs) as string[],
  }));
}

/** What changed in one import: the ids written or removed, and how they stood before. */
export interface RelatedChange {
  ids: ReadonlySet<number>;
  /** The changed articles as they were listed before the import (new ones are absent). */
  before: readonly RelatedInput[];
}

// Up to N listed articles on one side of a place in a section's or tag's date order, read along
// the index that keeps that order (ties on the date broken by id, as the ranking breaks them),
// leaving out the articles listed in the second parameter.
const WINDOW: Record<'s' | 't', { before: string; after: string }> = {
  s: {
    before: `SELECT id FROM articles WHERE section_slug = j.value ->> 1
      AND ${LISTED} AND (published_at, id) < (j.value ->> 2, j.value ->> 3)
      AND id NOT IN (SELECT value FROM json_each(?2))
      ORDER BY published_at DESC, id DESC LIMIT ?3`,
    after: `SELECT id FROM articles WHERE section_slug = j.value ->> 1
      AND ${LISTED} AND (published_at, id) > (j.value ->> 2, j.value ->> 3)
      AND id NOT IN (SELECT value FROM json_each(?2))
      ORDER BY published_at ASC, id ASC LIMIT ?3`,
  },
  t: {
    before: `SELECT article_id FROM article_tags WHERE tag_slug = j.value ->> 1 AND ${TAG_LISTED}
      AND (published_at, article_id) < (j.value ->> 2, j.value ->> 3)
      AND article_id NOT IN (SELECT value FROM json_each(?2))
      ORDER BY published_at DESC, article_id DESC LIMIT ?3`,
    after: `SELECT article_id FROM article_tags WHERE tag_slug = j.value ->> 1 AND ${TAG_LISTED}
      AND (published_at, article_id) > (j.value ->> 2, j.value ->> 3)
      AND article_id NOT IN (SELECT value FROM json_each(?2))
      ORDER BY published_at ASC, article_id ASC LIMIT ?3`,
  },
};

/**
 * The listed articles within `width` places on either side of each article's place in each of
 * its sections and tags, `except` these ids: the neighbourhoods ranking looks at.
 */
async function listNeighbours(
  db: Reader,
  articles: readonly RelatedInput[],
  width: number,
  except: ReadonlySet<number> = new Set(),
): Promise<Set<number>> {
  const anchors = articles.flatMap((a) =>
    keysOf(a).map((key) => [key.slice(0, 1), key.slice(2), a.publishedAt, a.id] as const),
  );
  const ids = new Set<number>();
  for (const kind of ['s', 't'] as const) {
    const mine = anchors.filter((a) => a[0] === kind);
    if (mine.length === 0) continue;
    for (const side of ['before', 'after'] as const) {
      const rows = await db.all<{ id: number }>(
        `SELECT DISTINCT a.id FROM json_each(?1) AS j JOIN articles AS a
         ON a.id IN (${WINDOW[kind][side]})`,
        [JSON.stringify(mine), JSON.stringify([...except]), width],
      );
      for (const r of rows) ids.add(r.id);
    }
  }
  return ids;
}

/** What ranking near a change reads: the articles to rank, and the ones around them. */
export interface RankingInput {
  /** Every article the ranking may look at. */
  articles: RelatedInput[];
  /** The ones whose lists are ranked again; undefined: all of them. */
  only: Set<number> | undefined;
}

/**
 * Reads what ranking the related articles near a change needs. Only the articles within reach
 * of a changed article's old or new place may get a different list; each is ranked from the
 * neighbourhoods the ranking reads, fetched by index, so the result is the lists ranking the
 * whole archive would give, for work in proportion to the change. Without `change`, or when a
 * change reaches a large part of the archive, every article is ranked.
 */
export async function readRankingInput(db: Reader, change?: RelatedChange): Promise<RankingInput> {
  if (change === undefined || change.ids.size > WHOLE_ARCHIVE_ABOVE.changed) {
    return { articles: await listRelatedInputs(db), only: undefined };
  }
  const changed = await listRelatedInputs(db, [...change.ids]);
  // The unchanged articles nearest each changed one's old and new places, then every changed
  // article as it was and as it is: the lists before and after, wherever the change reaches.
  const around = await listNeighbours(
    db,
    [...change.before, ...changed],
    NEIGHBOURS + 1,
    change.ids,
  );
  const nearby = await listRelatedInputs(db, [...around]);
  const after = [...nearby, ...changed];
  const only = affectedByChange([...nearby, ...change.before], after, change.ids);
  if (only.size > WHOLE_ARCHIVE_ABOVE.reached)
    return { articles: await listRelatedInputs(db), only: undefined };
  const affected = after.filter((a) => only.has(a.id));
  const context = await listNeighbours(db, affected, NEIGHBOURS);
  const known = new Set(after.map((a) => a.id));
  const more = await listRelatedInputs(
    db,
    [...context].filter((id) => !known.has(id)),
  );
  return { articles: [...after, ...more], only };
}

/** Stores these ranked lists where they differ from what is stored; returns how many did. */
export async function storeRelatedLists(
  tx: Executor,
  ranked: ReadonlyMap<number, readonly number[]>,
): Promise<number> {
  if (ranked.size === 0) return 0;
  const stored = await tx.all<{ id: number; related_ids: string }>(
    'SELECT id, related_ids FROM articles WHERE id IN (SELECT value FROM json_each(?))',
    [JSON.stringify([...ranked.keys()])],
  );
  const changed: [number, string][] = [];
  for (const row of stored) {
    const ids = JSON.stringify(ranked.get(row.id) ?? []);
    if (ids !== row.related_ids) changed.push([row.id, ids]);
  }
  if (changed.length === 0) return 0;
  // One statement for many rows: each statement is a round trip to SQLite's thread.
  await tx.run(
    `UPDATE articles SET related_ids = j.value ->> 1
     FROM json_each(?) AS j WHERE articles.id = j.value ->> 0`,
    [JSON.stringify(changed)],
  );
  return changed.length;
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
           WHERE id IN (SELECT value FROM json_each(:ids)) AND ${VISIBLE}`,
          { ':ids': JSON.stringify(ids), ':now': now },
        );
  const rank = new Map(ids.map((id, index) => [id, index]));
  const related = rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!).slice(0, limit);
  if (related.length < limit) {
    const taken = new Set([article.id, ...related.map((r) => r.id)]);
    const newest = await db.all<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE ${VISIBLE}
       ORDER BY published_at DESC, id DESC LIMIT :limit`,
      { ':now': now, ':limit': limit + taken.size },
    );
    related.push(...newest.filter((r) => !taken.has(r.id)).slice(0, limit - related.length));
  }
  return related.map(toSummary);
}
