import { batches } from './batches.js';
import type { Executor } from './types.js';
import { relistTags } from './visibility.js';
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
  /** The version of the rendering code that made the stored HTML. */
  renderVersion: string;
}

/** The reads a sync makes, on either connection. */
export type Reader = Pick<Executor, 'get' | 'all'>;

interface SourceRow {
  id: number;
  source_path: string;
  source_hash: string;
  source_size: number;
  source_mtime_ms: number;
  published_at: number;
  updated_at: number | null;
  deleted_at: number | null;
  render_version: string;
}

const SOURCE_COLUMNS = `id, source_path, source_hash, source_size, source_mtime_ms, published_at,
  updated_at, deleted_at, render_version`;

const toState = (r: SourceRow): SourceState => ({
  id: r.id,
  sourcePath: r.source_path,
  hash: r.source_hash,
  size: r.source_size,
  mtimeMs: r.source_mtime_ms,
  publishedAt: r.published_at,
  updatedAt: r.updated_at ?? undefined,
  deletedAt: r.deleted_at ?? undefined,
  renderVersion: r.render_version,
});

/** The articles at exactly these paths, removed ones included: one index read per path. */
export async function listSourcesAt(db: Reader, paths: readonly string[]): Promise<SourceState[]> {
  const found: SourceState[] = [];
  for (const batch of batches(paths)) {
    const rows = await db.all<SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM articles
       WHERE source_path IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(batch)],
    );
    found.push(...rows.map(toState));
  }
  return found;
}

/** The articles with these ids, whatever their state. */
export async function listSourcesById(db: Reader, ids: readonly number[]): Promise<SourceState[]> {
  const found: SourceState[] = [];
  for (const batch of batches(ids)) {
    const rows = await db.all<SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM articles WHERE id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(batch)],
    );
    found.push(...rows.map(toState));
  }
  return found;
}

/**
 * The articles published from files in `folder` or below it (a folder renamed or removed): one
 * range of the path index. "/" sorts just before "0", so the range is every path that starts
 * with the folder's name and a slash.
 */
export async function listSourcesUnder(db: Reader, folder: string): Promise<SourceState[]> {
  const rows = await db.all<SourceRow>(
    `SELECT ${SOURCE_COLUMNS} FROM articles
     WHERE source_path >= ? AND source_path < ? AND deleted_at IS NULL`,
    [`${folder}/`, `${folder}0`],
  );
  return rows.map(toState);
}

/** Removed articles whose file had one of these contents, the most recently removed first. */
export function listRemovedByHash(db: Reader, hashes: readonly string[]): Promise<SourceState[]> {
  return listByHash(db, hashes, 'deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC');
}

/** Published articles whose file had one of these contents: a file moved elsewhere is found by it. */
export function listLiveByHash(db: Reader, hashes: readonly string[]): Promise<SourceState[]> {
  return listByHash(db, hashes, 'deleted_at IS NULL ORDER BY id');
}

/** Articles whose file had one of these contents, kept by `rest` (a condition and an order). */
async function listByHash(
  db: Reader,
  hashes: readonly string[],
  rest: string,
): Promise<SourceState[]> {
  const found: SourceState[] = [];
  for (const batch of batches(hashes)) {
    const rows = await db.all<SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM articles
       WHERE source_hash IN (SELECT value FROM json_each(?)) AND ${rest}`,
      [JSON.stringify(batch)],
    );
    found.push(...rows.map(toState));
  }
  return found;
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
    await relistTags(tx, batch);
  }
  await unindexArticles(tx, ids);
}

/**
 * The highest article id ever given, by this database or in the ledger (its damaged lines
 * included), whether or not its row is still there: the next id is one more.
 */
export async function getLastArticleId(tx: Reader): Promise<number> {
  const row = await tx.get<{ last: number | null }>(
    `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0),
       coalesce((SELECT max(id) FROM articles), 0),
       coalesce((SELECT max(id) FROM ledger_entries), 0),
       coalesce((SELECT max(id) FROM ledger_damaged), 0)) AS last`,
  );
  return row?.last ?? 0;
}
