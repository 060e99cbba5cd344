import { batches } from './batches.js';
import type { Executor } from './types.js';
import type { Reader } from './sources.js';

/** An image in content/ as last measured. */
export interface MediaRecord {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  width: number;
  height: number;
}

interface MediaRow {
  path: string;
  size: number;
  mtime_ms: number;
  hash: string;
  width: number;
  height: number;
}

const toRecord = (r: MediaRow): MediaRecord => ({
  path: r.path,
  size: r.size,
  mtimeMs: r.mtime_ms,
  hash: r.hash,
  width: r.width,
  height: r.height,
});

/** Every image measured: what the parser links articles' pictures to. */
export async function listMedia(db: Reader): Promise<MediaRecord[]> {
  const rows = await db.all<MediaRow>(
    'SELECT path, size, mtime_ms, hash, width, height FROM media',
  );
  return rows.map(toRecord);
}

/** The images at these paths, or in these folders or below them. */
export async function listMediaAt(
  db: Reader,
  { paths, folders }: { paths: readonly string[]; folders: readonly string[] },
): Promise<MediaRecord[]> {
  const found: MediaRecord[] = [];
  for (const batch of batches(paths)) {
    const rows = await db.all<MediaRow>(
      `SELECT path, size, mtime_ms, hash, width, height FROM media
       WHERE path IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(batch)],
    );
    found.push(...rows.map(toRecord));
  }
  for (const folder of folders) {
    const rows = await db.all<MediaRow>(
      `SELECT path, size, mtime_ms, hash, width, height FROM media WHERE path >= ? AND path < ?`,
      [`${folder}/`, `${folder}0`],
    );
    found.push(...rows.map(toRecord));
  }
  return found;
}

/** The articles that show any of these pictures (or would, once the picture is there). */
export async function listArticlesShowing(
  db: Reader,
  paths: readonly string[],
): Promise<{ id: number; sourcePath: string }[]> {
  const found: { id: number; sourcePath: string }[] = [];
  for (const batch of batches(paths)) {
    const rows = await db.all<{ id: number; source_path: string }>(
      `SELECT DISTINCT a.id, a.source_path FROM article_media AS m JOIN articles AS a
         ON a.id = m.article_id
       WHERE m.path IN (SELECT value FROM json_each(?)) AND a.deleted_at IS NULL`,
      [JSON.stringify(batch)],
    );
    found.push(...rows.map((r) => ({ id: r.id, sourcePath: r.source_path })));
  }
  return found;
}

export async function upsertMedia(tx: Executor, records: readonly MediaRecord[]): Promise<void> {
  for (const batch of batches(records)) {
    await tx.run(
      `INSERT INTO media (path, size, mtime_ms, hash, width, height)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
         j.value ->> 5 FROM json_each(?) AS j WHERE true
       ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
         hash = excluded.hash, width = excluded.width, height = excluded.height`,
      [JSON.stringify(batch.map((m) => [m.path, m.size, m.mtimeMs, m.hash, m.width, m.height]))],
    );
  }
}

export async function deleteMedia(tx: Executor, paths: readonly string[]): Promise<void> {
  for (const batch of batches(paths)) {
    await tx.run('DELETE FROM media WHERE path IN (SELECT value FROM json_each(?))', [
      JSON.stringify(batch),
    ]);
  }
}
