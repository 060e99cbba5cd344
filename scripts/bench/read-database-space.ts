import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

type Sqlite3 = typeof import('sqlite3');

export interface DatabaseSpace {
  /** The database file and its write-ahead log, as they lie on disk. */
  bytes: number;
  fileBytes: number;
  walBytes: number;
  /** Every table and index by the pages it takes (SQLite's dbstat), largest first. */
  objects: { name: string; bytes: number }[];
  /** Pages on the free list: taken on disk, holding nothing. */
  freeBytes: number;
}

/** The measured checkout's sqlite3 (the binding that wrote the file), else this one's. */
function loadSqlite3(siteDir: string): Sqlite3 {
  try {
    return createRequire(path.join(siteDir, 'package.json'))('sqlite3') as Sqlite3;
  } catch {
    return createRequire(import.meta.url)('sqlite3') as Sqlite3;
  }
}

const sizeOf = (file: string) =>
  fs.stat(file).then(
    (s) => s.size,
    () => 0,
  );

/**
 * What a database takes on disk (`.db` and `-wal`), and which tables and indexes take it, read
 * from SQLite's dbstat virtual table on a read-only connection. The site must not be running:
 * reading every page of a large file takes a while.
 */
export async function readDatabaseSpace(siteDir: string, file: string): Promise<DatabaseSpace> {
  const fileBytes = await sizeOf(file);
  const walBytes = await sizeOf(`${file}-wal`);
  const sqlite3 = loadSqlite3(siteDir);
  const db = await new Promise<InstanceType<Sqlite3['Database']>>((resolve, reject) => {
    const opened = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
      if (error) reject(new Error(`cannot open ${file}: ${error.message}`, { cause: error }));
      else resolve(opened);
    });
  });
  const all = <T>(sql: string) =>
    new Promise<T[]>((resolve, reject) => {
      db.all<T>(sql, (error, rows) => {
        if (error) reject(new Error(`${sql} on ${file}: ${error.message}`, { cause: error }));
        else resolve(rows);
      });
    });
  try {
    const objects = await all<{ name: string; bytes: number }>(
      'SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY 2 DESC',
    );
    const [free] = await all<{ bytes: number }>(
      'SELECT f.freelist_count * s.page_size AS bytes FROM pragma_freelist_count() AS f, pragma_page_size() AS s',
    );
    return {
      bytes: fileBytes + walBytes,
      fileBytes,
      walBytes,
      objects,
      freeBytes: free?.bytes ?? 0,
    };
  } finally {
    db.close();
  }
}
