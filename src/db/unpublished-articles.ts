import type { Database } from './types.js';
import { LISTED } from './visibility.js';

/** Drafts and scheduled articles, soonest first: what editors may want to preview. */
export async function listUnpublishedArticles(
  db: Database,
  now: number,
): Promise<{ id: number; file: string; title: string; draft: boolean; publishedAt: number }[]> {
  const rows = await db.all<{
    id: number;
    source_path: string;
    title: string;
    draft: number;
    published_at: number;
  }>(
    // Two ranges of two indexes (drafts, and the date index past now), never the archive.
    `SELECT id, source_path, title, draft, published_at FROM articles
       WHERE ${LISTED} AND published_at > ?
     UNION ALL
     SELECT id, source_path, title, draft, published_at FROM articles
       WHERE deleted_at IS NULL AND draft = 1
     ORDER BY draft, published_at, id`,
    [now],
  );
  return rows.map((r) => ({
    id: r.id,
    file: r.source_path,
    title: r.title,
    draft: r.draft === 1,
    publishedAt: r.published_at,
  }));
}
