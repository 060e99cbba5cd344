import { batches } from './batches.js';
import type { Executor } from './types.js';
import type { Reader } from './sources.js';

/** One id as a line of the ledger in content/ describes it. */
export interface LedgerRow {
  id: number;
  publishedAt: number;
  updatedAt: number | undefined;
  hash: string;
  path: string;
}

/** A ledger line that could not be read, kept to be written back as it was. */
export interface DamagedLine {
  /** The ledger file it stands in, relative to content/. */
  file: string;
  line: number;
  text: string;
  id: number | undefined;
}

interface LedgerEntryRow {
  id: number;
  path: string;
  hash: string;
  published_at: number;
  updated_at: number | null;
}

const toRow = (r: LedgerEntryRow): LedgerRow => ({
  id: r.id,
  path: r.path,
  hash: r.hash,
  publishedAt: r.published_at,
  updatedAt: r.updated_at ?? undefined,
});

/**
 * Makes the stored entries with ids from `first` to `last` exactly `entries` (a ledger file as
 * just read), and its damaged lines `damaged`. Returns the entries that changed, as they were
 * and as they are, so the files they name can be looked at again.
 */
export async function replaceLedgerRange(
  tx: Executor,
  { first, last, file }: { first: number; last: number; file: string },
  entries: readonly LedgerRow[],
  damaged: readonly DamagedLine[],
): Promise<{ before: LedgerRow[]; after: LedgerRow[] }> {
  const stored = await tx.all<LedgerEntryRow>(
    'SELECT id, path, hash, published_at, updated_at FROM ledger_entries WHERE id BETWEEN ? AND ?',
    [first, last],
  );
  const storedById = new Map(stored.map((r) => [r.id, toRow(r)]));
  const wanted = new Map(entries.map((e) => [e.id, e]));
  const before: LedgerRow[] = [];
  const after: LedgerRow[] = [];
  for (const [id, row] of storedById) {
    const now = wanted.get(id);
    if (now === undefined || !sameRow(row, now)) before.push(row);
  }
  for (const [id, row] of wanted) {
    const was = storedById.get(id);
    if (was === undefined || !sameRow(was, row)) after.push(row);
  }
  const gone = before.filter((r) => !wanted.has(r.id)).map((r) => r.id);
  for (const batch of batches(gone)) {
    await tx.run('DELETE FROM ledger_entries WHERE id IN (SELECT value FROM json_each(?))', [
      JSON.stringify(batch),
    ]);
  }
  await upsertLedgerEntries(tx, after);
  await tx.run('DELETE FROM ledger_damaged WHERE file = ?', [file]);
  for (const batch of batches(damaged)) {
    await tx.run(
      `INSERT INTO ledger_damaged (file, line, text, id)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 FROM json_each(?) AS j`,
      [JSON.stringify(batch.map((d) => [d.file, d.line, d.text, d.id ?? null]))],
    );
  }
  return { before, after };
}

/** Stores these entries as the ledger now records them. */
export async function upsertLedgerEntries(
  tx: Executor,
  entries: readonly LedgerRow[],
): Promise<void> {
  for (const batch of batches(entries)) {
    await tx.run(
      `INSERT INTO ledger_entries (id, path, hash, published_at, updated_at)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4
       FROM json_each(?) AS j WHERE true
       ON CONFLICT (id) DO UPDATE SET path = excluded.path, hash = excluded.hash,
         published_at = excluded.published_at, updated_at = excluded.updated_at`,
      [
        JSON.stringify(
          batch.map((e) => [e.id, e.path, e.hash, e.publishedAt, e.updatedAt ?? null]),
        ),
      ],
    );
  }
}

/** The ledger's entries for files at these paths. */
export async function listLedgerEntriesAt(
  db: Reader,
  paths: readonly string[],
): Promise<LedgerRow[]> {
  const found: LedgerRow[] = [];
  for (const batch of batches(paths)) {
    const rows = await db.all<LedgerEntryRow>(
      `SELECT id, path, hash, published_at, updated_at FROM ledger_entries
       WHERE path IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(batch)],
    );
    found.push(...rows.map(toRow));
  }
  return found;
}

/**
 * Ids only the ledger knows (no row in this database yet) whose file had one of these contents:
 * in a database being rebuilt, a file moved since the ledger was written keeps its id.
 */
export async function listLedgerOnlyByHash(
  db: Reader,
  hashes: readonly string[],
): Promise<LedgerRow[]> {
  const found: LedgerRow[] = [];
  for (const batch of batches(hashes)) {
    const rows = await db.all<LedgerEntryRow>(
      `SELECT id, path, hash, published_at, updated_at FROM ledger_entries AS l
       WHERE hash IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.id = l.id)
       ORDER BY id`,
      [JSON.stringify(batch)],
    );
    found.push(...rows.map(toRow));
  }
  return found;
}

/**
 * The ledger's entries for ids `first` to `last`: as the articles this database holds say, and
 * for ids it holds no row for yet (a database being rebuilt), as the ledger said.
 */
export async function listLedgerLines(
  db: Reader,
  first: number,
  last: number,
): Promise<LedgerRow[]> {
  const rows = await db.all<LedgerEntryRow>(
    `SELECT id, source_path AS path, source_hash AS hash, published_at, updated_at FROM articles
     WHERE id BETWEEN ? AND ?
     UNION ALL
     SELECT id, path, hash, published_at, updated_at FROM ledger_entries AS l
     WHERE id BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.id = l.id)
     ORDER BY id`,
    [first, last, first, last],
  );
  return rows.map(toRow);
}

/** The damaged lines kept for one ledger file. */
export async function listDamagedLines(db: Reader, file: string): Promise<DamagedLine[]> {
  const rows = await db.all<{ file: string; line: number; text: string; id: number | null }>(
    'SELECT file, line, text, id FROM ledger_damaged WHERE file = ? ORDER BY line',
    [file],
  );
  return rows.map((d) => ({ ...d, id: d.id ?? undefined }));
}

/**
 * Marks the articles among `ids` whose line in the ledger would now read differently from what
 * the ledger holds: their lines are written after the commit. Times are compared to the second,
 * as the ledger writes them.
 */
export async function markLedgerPending(tx: Executor, ids: readonly number[]): Promise<void> {
  for (const batch of batches(ids)) {
    await tx.run(
      `UPDATE articles SET ledger_pending = 1
       WHERE id IN (SELECT value FROM json_each(?)) AND NOT EXISTS (
         SELECT 1 FROM ledger_entries AS l WHERE l.id = articles.id
           AND l.path = articles.source_path AND l.hash = articles.source_hash
           AND l.published_at / 1000 = articles.published_at / 1000
           AND l.updated_at / 1000 IS articles.updated_at / 1000)`,
      [JSON.stringify(batch)],
    );
  }
}

/** Ids whose ledger line waits to be written. */
export async function listLedgerPending(db: Reader): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    'SELECT id FROM articles WHERE ledger_pending = 1 ORDER BY id',
  );
  return rows.map((r) => r.id);
}

/** The lines of these ids are written: the ledger now holds what the articles say. */
export async function clearLedgerPending(tx: Executor, entries: readonly LedgerRow[]) {
  await upsertLedgerEntries(tx, entries);
  for (const batch of batches(entries)) {
    await tx.run(
      'UPDATE articles SET ledger_pending = 0 WHERE id IN (SELECT value FROM json_each(?))',
      [JSON.stringify(batch.map((e) => e.id))],
    );
  }
}

const sameRow = (a: LedgerRow, b: LedgerRow) =>
  a.path === b.path &&
  a.hash === b.hash &&
  a.publishedAt === b.publishedAt &&
  a.updatedAt === b.updatedAt;
