import type { Database, Executor } from './database.js';

/** An image in content/ as last measured. */
export interface MediaRecord {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  width: number;
  height: number;
}

export async function listMedia(db: Database): Promise<MediaRecord[]> {
  const rows = await db.all<{
    path: string;
    size: number;
    mtime_ms: number;
    hash: string;
    width: number;
    height: number;
  }>('SELECT path, size, mtime_ms, hash, width, height FROM media');
  return rows.map((r) => ({ ...r, mtimeMs: r.mtime_ms }));
}

export async function upsertMedia(tx: Executor, m: MediaRecord): Promise<void> {
  await tx.run(
    `INSERT INTO media (path, size, mtime_ms, hash, width, height) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
       hash = excluded.hash, width = excluded.width, height = excluded.height`,
    [m.path, m.size, m.mtimeMs, m.hash, m.width, m.height],
  );
}

export async function deleteMedia(tx: Executor, path: string): Promise<void> {
  await tx.run('DELETE FROM media WHERE path = ?', [path]);
}
