import type { Database, Executor } from './types.js';

export interface Redirect {
  from: string;
  to: string;
}

/** Where an old path leads now, or undefined: one read of the primary key. */
export async function getRedirect(db: Database, from: string): Promise<string | undefined> {
  const row = await db.get<{ to_path: string }>(
    'SELECT to_path FROM redirects WHERE from_path = ?',
    [from],
  );
  return row?.to_path;
}

/**
 * Replaces the old addresses with these; returns whether anything changed (readers then see
 * other answers, so cached pages are dropped).
 */
export async function replaceRedirects(
  tx: Executor,
  redirects: readonly Redirect[],
): Promise<boolean> {
  const current = await tx.all<{ from_path: string; to_path: string }>(
    'SELECT from_path, to_path FROM redirects ORDER BY from_path',
  );
  const wanted = [...redirects].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  if (
    current.length === wanted.length &&
    current.every((r, i) => r.from_path === wanted[i]!.from && r.to_path === wanted[i]!.to)
  ) {
    return false;
  }
  await tx.run('DELETE FROM redirects');
  if (wanted.length > 0) {
    await tx.run(
      `INSERT INTO redirects (from_path, to_path)
       SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) AS j`,
      [JSON.stringify(wanted.map((r) => [r.from, r.to]))],
    );
  }
  return true;
}

/** The current articles behind these files, by file: where a redirect to a file leads. */
export async function listArticlesByFile(
  tx: Executor,
  files: readonly string[],
): Promise<Map<string, { id: number; slug: string }>> {
  if (files.length === 0) return new Map();
  const rows = await tx.all<{ id: number; slug: string; source_path: string }>(
    `SELECT id, slug, source_path FROM articles
     WHERE source_path IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`,
    [JSON.stringify(files)],
  );
  return new Map(rows.map((r) => [r.source_path, { id: r.id, slug: r.slug }]));
}
