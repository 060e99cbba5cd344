import { VISIBLE } from './articles.js';
import type { Database } from './database.js';

/** What a sitemap says about one article. */
export interface SitemapEntry {
  id: number;
  slug: string;
  title: string;
  publishedAt: number;
  /** The last edit, or the publication when never edited. */
  changedAt: number;
}

/** One article sitemap file: its number (from 1) and its newest change, for the index. */
export interface SitemapChunk {
  number: number;
  changedAt: number;
}

interface EntryRow {
  id: number;
  slug: string;
  title: string;
  published_at: number;
  changed_at: number;
}

const ENTRY_COLUMNS =
  'id, slug, title, published_at, coalesce(updated_at, published_at) AS changed_at';

const toEntry = (r: EntryRow): SitemapEntry => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  publishedAt: r.published_at,
  changedAt: r.changed_at,
});

/**
 * The article sitemaps, `size` articles each in id order: an article stays in the same file as
 * new ones arrive, so a crawler's copy of the older files stays valid.
 */
export async function listSitemapChunks(
  db: Database,
  { now, size }: { now: number; size: number },
): Promise<SitemapChunk[]> {
  const rows = await db.all<{ chunk: number; changed_at: number }>(
    `SELECT chunk, max(changed_at) AS changed_at FROM (
       SELECT (row_number() OVER (ORDER BY id) - 1) / ? AS chunk,
         coalesce(updated_at, published_at) AS changed_at
       FROM articles WHERE ${VISIBLE})
     GROUP BY chunk ORDER BY chunk`,
    [size, now],
  );
  return rows.map((r) => ({ number: r.chunk + 1, changedAt: r.changed_at }));
}

/** The articles of sitemap file `number` (from 1). */
export async function listSitemapEntries(
  db: Database,
  { now, size, number }: { now: number; size: number; number: number },
): Promise<SitemapEntry[]> {
  const rows = await db.all<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM articles WHERE ${VISIBLE} ORDER BY id LIMIT ? OFFSET ?`,
    [now, size, (number - 1) * size],
  );
  return rows.map(toEntry);
}

/** Articles published since `since` (Google News takes the last two days), newest first. */
export async function listRecentEntries(
  db: Database,
  { now, since, limit }: { now: number; since: number; limit: number },
): Promise<SitemapEntry[]> {
  const rows = await db.all<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM articles WHERE ${VISIBLE} AND published_at >= ?
     ORDER BY published_at DESC, id DESC LIMIT ?`,
    [now, since, limit],
  );
  return rows.map(toEntry);
}
