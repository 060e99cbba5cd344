import { VISIBLE } from './visibility.js';
import type { Database } from './types.js';

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
 * The article sitemaps: file n holds the articles with ids from (n-1)·size+1 to n·size. Ids only
 * grow, so an article stays in the same file for good and a crawler's copy of a full file stays
 * valid; a file whose articles are all removed drops out of the index. `lastId` is the highest
 * id given (site facts); each file's newest change is one read along the id range.
 */
export async function listSitemapChunks(
  db: Database,
  { now, size, lastId }: { now: number; size: number; lastId: number },
): Promise<SitemapChunk[]> {
  const chunks: SitemapChunk[] = [];
  for (let number = 1; (number - 1) * size < lastId; number++) {
    const row = await db.get<{ changed_at: number | null }>(
      `SELECT max(coalesce(updated_at, published_at)) AS changed_at FROM articles
       WHERE id BETWEEN :first AND :last AND ${VISIBLE}`,
      { ':first': (number - 1) * size + 1, ':last': number * size, ':now': now },
    );
    if (row?.changed_at != null) chunks.push({ number, changedAt: row.changed_at });
  }
  return chunks;
}

/** The articles of sitemap file `number` (from 1), in id order. */
export async function listSitemapEntries(
  db: Database,
  { now, size, number }: { now: number; size: number; number: number },
): Promise<SitemapEntry[]> {
  const rows = await db.all<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM articles
     WHERE id BETWEEN :first AND :last AND ${VISIBLE} ORDER BY id`,
    { ':first': (number - 1) * size + 1, ':last': number * size, ':now': now },
  );
  return rows.map(toEntry);
}

/** Articles published since `since` (Google News takes the last two days), newest first. */
export async function listRecentEntries(
  db: Database,
  { now, since, limit }: { now: number; since: number; limit: number },
): Promise<SitemapEntry[]> {
  const rows = await db.all<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM articles WHERE ${VISIBLE} AND published_at >= :since
     ORDER BY published_at DESC, id DESC LIMIT :limit`,
    { ':now': now, ':since': since, ':limit': limit },
  );
  return rows.map(toEntry);
}
