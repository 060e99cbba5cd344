import type { Executor } from './types.js';

// What readers may see, in one place: for queries as SQL fragments, for handlers as functions.

/**
 * Listed: neither removed nor a draft. A scheduled article is listed (its related articles are
 * ranked, it waits in the indexes) before it is visible.
 */
export const LISTED = 'deleted_at IS NULL AND draft = 0';

/**
 * Visible to readers: listed, and its time has come. The time is a parameter bound by name
 * (`:now`), so a scheduled article appears the moment it is due, with no job and no write, and
 * a query can use it however many times it needs.
 */
export const VISIBLE = `${LISTED} AND published_at <= :now`;

/** The same for a tag's row, which carries its article's date and listing (see relistTags). */
export const TAG_LISTED = 'listed = 1';
export const TAG_VISIBLE = `${TAG_LISTED} AND published_at <= :now`;

/** Whether an article is listed, as LISTED says. */
export const isListed = (a: { deleted: boolean; draft: boolean }): boolean =>
  !a.deleted && !a.draft;

/** Whether readers may see an article at `now`, as VISIBLE says. */
export const isVisible = (
  a: { deleted: boolean; draft: boolean; publishedAt: number },
  now: number,
): boolean => isListed(a) && a.publishedAt <= now;

/**
 * Brings the tags of these articles in line with their articles: each tag row carries its
 * article's date and whether it is listed, so a tag's page is one range of its index. The one
 * place that writes `article_tags.listed`.
 */
export async function relistTags(tx: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.run(
    `UPDATE article_tags SET
       listed = (SELECT ${LISTED} FROM articles WHERE id = article_id),
       published_at = (SELECT published_at FROM articles WHERE id = article_id)
     WHERE article_id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)],
  );
}
