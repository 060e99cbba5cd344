import { batches } from './batches.js';
import type { Database, Executor } from './database.js';
import { unindexArticles } from './search-index.js';

/** What the importer remembers about the file behind each article. */
export interface SourceState {
  id: number;
  sourcePath: string;
  hash: string;
  size: number;
  mtimeMs: number;
  publishedAt: number;
  updatedAt: number | undefined;
  deletedAt: number | undefined;
  mediaPaths: string[];
  /** The version of the rendering code that made the stored HTML. */
  renderVersion: string;
}

export async function listSourceStates(db: Database): Promise<SourceState[]> {
  const rows = await db.all<{
    id: number;
    source_path: string;
    source_hash: string;
    source_size: number;
    source_mtime_ms: number;
    published_at: number;
    updated_at: number | null;
    deleted_at: number | null;
    media_paths: string;
    render_version: string;
  }>(
    `SELECT id, source_path, source_hash, source_size, source_mtime_ms, published_at, updated_at,
       deleted_at, media_paths, render_version FROM articles`,
  );
  return rows.map((r) => ({
    id: r.id,
    sourcePath: r.source_path,
    hash: r.source_hash,
    size: r.source_size,
    mtimeMs: r.source_mtime_ms,
    publishedAt: r.published_at,
    updatedAt: r.updated_at ?? undefined,
    deletedAt: r.deleted_at ?? undefined,
    mediaPaths: JSON.parse(r.media_paths) as string[],
    renderVersion: r.render_version,
  }));
}

/** Every id ever given, in id order, as the ledger in content/ records them. */
export async function listLedgerEntries(
  db: Database,
): Promise<
  { id: number; publishedAt: number; updatedAt: number | undefined; hash: string; path: string }[]
> {
  const rows = await db.all<{
    id: number;
    published_at: number;
    updated_at: number | null;
    source_hash: string;
    source_path: string;
  }>('SELECT id, published_at, updated_at, source_hash, source_path FROM articles ORDER BY id');
  return rows.map((r) => ({
    id: r.id,
    publishedAt: r.published_at,
    updatedAt: r.updated_at ?? undefined,
    hash: r.source_hash,
    path: r.source_path,
  }));
}

/**
 * Articles known only from the ledger whose files are gone: rows that answer 410 at their old
 * URL, as they did on the server that removed them.
 */
export async function insertRemovedArticles(
  tx: Executor,
  articles: readonly {
    id: number;
    sourcePath: string;
    hash: string;
    publishedAt: number;
    updatedAt: number | undefined;
  }[],
  at: number,
): Promise<void> {
  for (const batch of batches(articles)) {
    await tx.run(
      `INSERT INTO articles (id, source_path, source_hash, source_size, source_mtime_ms, slug,
         title, sapo, published_at, updated_at, imported_at, deleted_at, render_version)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, 0, 0, '', '', '', j.value ->> 3,
         j.value ->> 4, ?, ?, '' FROM json_each(?) AS j`,
      [
        at,
        at,
        JSON.stringify(
          batch.map((a) => [a.id, a.sourcePath, a.hash, a.publishedAt, a.updatedAt ?? null]),
        ),
      ],
    );
  }
}

/** Files unchanged in content but touched or moved: remember where and how they are now. */
export async function updateSources(
  tx: Executor,
  sources: readonly { id: number; sourcePath: string; size: number; mtimeMs: number }[],
): Promise<void> {
  for (const batch of batches(sources)) {
    await tx.run(
      `UPDATE articles SET source_path = j.value ->> 1, source_size = j.value ->> 2,
         source_mtime_ms = j.value ->> 3
       FROM json_each(?) AS j WHERE articles.id = j.value ->> 0`,
      [JSON.stringify(batch.map((s) => [s.id, s.sourcePath, s.size, s.mtimeMs]))],
    );
  }
}

/** Their files are gone: the articles answer 410 from now on, and keep their rows and ids. */
export async function markArticlesDeleted(
  tx: Executor,
  ids: readonly number[],
  at: number,
): Promise<void> {
  for (const batch of batches(ids)) {
    const json = JSON.stringify(batch);
    await tx.run(
      `UPDATE articles SET deleted_at = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
      [at, json],
    );
    await tx.run(
      'UPDATE article_tags SET listed = 0 WHERE article_id IN (SELECT value FROM json_each(?))',
      [json],
    );
  }
  await unindexArticles(tx, ids);
}

/** The highest article id ever given, whether or not its row is still there. */
export async function getLastArticleId(tx: Executor): Promise<number> {
  const row = await tx.get<{ last: number | null }>(
    `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0),
       coalesce((SELECT max(id) FROM articles), 0)) AS last`,
  );
  return row?.last ?? 0;
}
