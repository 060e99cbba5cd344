import { batches } from './batches.js';
import type { Reader } from './sources.js';

/**
 * What decides where an article is counted and listed: whether and when it is published, and its
 * section, author and tags. Read before and after a sync's writes, so the site's facts and
 * related lists change by what changed, never by a count of the archive.
 */
export interface ArticleState {
  id: number;
  publishedAt: number;
  draft: boolean;
  deleted: boolean;
  section: string | undefined;
  sectionSlug: string | undefined;
  author: string | undefined;
  authorSlug: string | undefined;
  tags: { name: string; slug: string }[];
}

/** These articles as they stand now (ids with no row are left out). */
export async function listArticleStates(
  db: Reader,
  ids: readonly number[],
): Promise<ArticleState[]> {
  const states: ArticleState[] = [];
  for (const batch of batches(ids)) {
    const json = JSON.stringify(batch);
    const [rows, tags] = await Promise.all([
      db.all<{
        id: number;
        published_at: number;
        draft: number;
        deleted_at: number | null;
        section: string | null;
        section_slug: string | null;
        author: string | null;
        author_slug: string | null;
      }>(
        `SELECT id, published_at, draft, deleted_at, section, section_slug, author, author_slug
         FROM articles WHERE id IN (SELECT value FROM json_each(?))`,
        [json],
      ),
      db.all<{ article_id: number; tag: string; tag_slug: string }>(
        `SELECT article_id, tag, tag_slug FROM article_tags
         WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, position`,
        [json],
      ),
    ]);
    const tagsOf = new Map<number, { name: string; slug: string }[]>();
    for (const t of tags) {
      const list = tagsOf.get(t.article_id) ?? [];
      list.push({ name: t.tag, slug: t.tag_slug });
      tagsOf.set(t.article_id, list);
    }
    for (const r of rows) {
      states.push({
        id: r.id,
        publishedAt: r.published_at,
        draft: r.draft === 1,
        deleted: r.deleted_at !== null,
        section: r.section ?? undefined,
        sectionSlug: r.section_slug ?? undefined,
        author: r.author ?? undefined,
        authorSlug: r.author_slug ?? undefined,
        tags: tagsOf.get(r.id) ?? [],
      });
    }
  }
  return states;
}
