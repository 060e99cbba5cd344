import type { Database } from './types.js';

/** What the SQLite library linked into this build can do: logged at start for operators. */
export interface SqliteInfo {
  /** "3.52.0" */
  version: string;
  /** Full-text search; without it there is no search page (and no search index to migrate). */
  fts5: boolean;
}

export async function getSqliteInfo(db: Database): Promise<SqliteInfo> {
  const row = await db.get<{ version: string; fts5: number }>(
    `SELECT sqlite_version() AS version, sqlite_compileoption_used('ENABLE_FTS5') AS fts5`,
  );
  return { version: row!.version, fts5: row!.fts5 === 1 };
}
