import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { MIGRATIONS, migrate, type Migration } from './migrations.js';
import { DatabaseError, type Database, type Executor, type SqlParams } from './types.js';

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 *
 * Two connections in WAL mode: the importer writes on one while pages read from the other, so a
 * reader never sees half an import and a long import never blocks a page.
 */
export async function openDatabase(
  file: string,
  { migrations = MIGRATIONS }: { migrations?: readonly Migration[] } = {},
): Promise<Database> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const writer = await connect(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
  const w = executor(writer);
  await w.run('PRAGMA journal_mode = WAL');
  await w.run('PRAGMA synchronous = NORMAL');
  await w.run('PRAGMA foreign_keys = ON');
  await w.run('PRAGMA busy_timeout = 5000');
  // A large import grows the write-ahead log; once checkpointed, it is cut back to this size
  // instead of keeping its largest size on disk for good.
  await w.run('PRAGMA journal_size_limit = 67108864');
  try {
    await migrate(w, migrations);
  } catch (error) {
    // A half-opened database would keep its file locked (and a test process alive).
    await closeConnection(writer);
    throw error;
  }
  const reader = await connect(file, sqlite3.OPEN_READONLY);
  await executor(reader).run('PRAGMA busy_timeout = 5000');
  const r = preparedReads(reader);

  let queue: Promise<unknown> = Promise.resolve();
  return {
    get: r.get,
    all: r.all,
    transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
      const result = queue.then(async () => {
        await w.run('BEGIN IMMEDIATE');
        try {
          const value = await work(w);
          await w.run('COMMIT');
          return value;
        } catch (error) {
          await w.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      await r.close();
      // Everything in the log goes into the database file, and the log is emptied: a database
      // left by an import is its own size on disk, and the next start has no log to read.
      await w.run('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
      await closeConnection(writer);
    },
  };
}

/**
 * Opens an existing database for reading only, for tools that must not change it
 * (`npm run check`). Undefined when there is no database yet or it was made by another version.
 */
export async function openDatabaseReadOnly(file: string): Promise<Database | undefined> {
  if (!fs.existsSync(file)) return undefined;
  const reader = await connect(file, sqlite3.OPEN_READONLY);
  const r = executor(reader);
  const version = await r.get<{ user_version: number }>('PRAGMA user_version');
  if (version?.user_version !== MIGRATIONS.length) {
    await closeConnection(reader);
    return undefined;
  }
  return {
    get: r.get,
    all: r.all,
    transaction: () => Promise.reject(new DatabaseError(`${file} is open read-only`)),
    close: () => closeConnection(reader),
  };
}

/** Distinct SQL texts kept prepared; the site's reads are a few dozen, so this is a safety net. */
const MAX_PREPARED = 256;

/**
 * Reads through statements prepared once per SQL text and kept. `db.get(sql)` costs three trips
 * through libuv's thread pool (prepare, step, finalize), each about 70 µs on a small server,
 * and a page makes two to five reads; a kept statement costs one. Every read runs its statement
 * to the end (`all`), so no statement is left part-way: one that was would keep its read
 * transaction open, and the pages would stop seeing imports (WAL readers see the database as it
 * was when their transaction began). A statement that fails to prepare is not kept and rejects
 * the read that asked for it.
 */
function preparedReads(db: sqlite3.Database): Pick<Database, 'get' | 'all' | 'close'> {
  const statements = new Map<string, Promise<sqlite3.Statement>>();
  const prepare = (sql: string): Promise<sqlite3.Statement> => {
    const kept = statements.get(sql);
    if (kept) return kept;
    const prepared = new Promise<sqlite3.Statement>((resolve, reject) => {
      const statement = db.prepare(sql, (error: Error | null) =>
        error ? reject(error) : resolve(statement),
      );
    });
    if (statements.size < MAX_PREPARED) {
      statements.set(sql, prepared);
      prepared.catch(() => statements.delete(sql));
    }
    return prepared;
  };
  const all = async <T>(sql: string, params: SqlParams = []): Promise<T[]> => {
    const statement = await prepare(sql);
    const rows = new Promise<T[]>((resolve, reject) => {
      statement.all(params, (error: Error | null, found: T[]) =>
        error ? reject(error) : resolve(found),
      );
    });
    // Past the limit a statement serves one read; finalizing waits for that read to finish.
    if (statements.get(sql) === undefined) statement.finalize();
    return rows;
  };
  return {
    all,
    get: async <T>(sql: string, params?: SqlParams) => (await all<T>(sql, params))[0],
    // A connection with statements still prepared refuses to close.
    async close() {
      const kept = await Promise.allSettled(statements.values());
      statements.clear();
      await Promise.all(
        kept.map((s) =>
          s.status === 'fulfilled'
            ? new Promise<void>((resolve) => s.value.finalize(() => resolve()))
            : undefined,
        ),
      );
      await closeConnection(db);
    },
  };
}

function connect(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (error) =>
      error
        ? reject(new DatabaseError(`cannot open database ${file}`, { cause: error }))
        : resolve(db),
    );
  });
}

function closeConnection(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}

function executor(db: sqlite3.Database): Executor {
  return {
    exec: (sql) =>
      new Promise((resolve, reject) =>
        db.exec(sql, (error) => (error ? reject(error) : resolve())),
      ),
    run: (sql, params = []) =>
      new Promise((resolve, reject) => {
        db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
          if (error) reject(error);
          else resolve({ lastID: this.lastID, changes: this.changes });
        });
      }),
    get: <T>(sql: string, params: SqlParams = []) =>
      new Promise<T | undefined>((resolve, reject) => {
        db.get(sql, params, (error: Error | null, row: T | undefined) =>
          error ? reject(error) : resolve(row),
        );
      }),
    all: <T>(sql: string, params: SqlParams = []) =>
      new Promise<T[]>((resolve, reject) => {
        db.all(sql, params, (error: Error | null, rows: T[]) =>
          error ? reject(error) : resolve(rows),
        );
      }),
  };
}
