import { batches } from './batches.js';
import type { Database, Executor } from './types.js';
import type { Reader } from './sources.js';

/**
 * A problem as recorded, with the size and modification time of the file it was found in: a file
 * still as it was then is not read or reported again. Problems not tied to one version of a
 * file (the ledger's, the redirects', a folder's) have neither.
 */
export interface StoredProblem {
  file: string;
  line?: number | undefined;
  severity: 'error' | 'warning';
  message: string;
  size: number | undefined;
  mtimeMs: number | undefined;
}

interface ProblemRow {
  file: string;
  line: number | null;
  severity: 'error' | 'warning';
  message: string;
  source_size: number | null;
  source_mtime_ms: number | null;
}

const PROBLEM_COLUMNS = 'file, line, severity, message, source_size, source_mtime_ms';

const toProblem = (r: ProblemRow): StoredProblem => ({
  file: r.file,
  line: r.line ?? undefined,
  severity: r.severity,
  message: r.message,
  size: r.source_size ?? undefined,
  mtimeMs: r.source_mtime_ms ?? undefined,
});

/** What is wrong with these files now replaces what was recorded for them before. */
export async function replaceProblems(
  tx: Executor,
  files: readonly string[],
  problems: readonly StoredProblem[],
  at: number,
): Promise<void> {
  for (const batch of batches(files)) {
    await tx.run('DELETE FROM file_problems WHERE file IN (SELECT value FROM json_each(?))', [
      JSON.stringify(batch),
    ]);
  }
  for (const batch of batches(problems)) {
    await tx.run(
      `INSERT INTO file_problems (${PROBLEM_COLUMNS}, reported_at)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
         j.value ->> 5, ? FROM json_each(?) AS j`,
      [
        at,
        JSON.stringify(
          batch.map((p) => [
            p.file,
            p.line ?? null,
            p.severity,
            p.message,
            p.size ?? null,
            p.mtimeMs ?? null,
          ]),
        ),
      ],
    );
  }
}

/** Every problem on record, by file and line: what the editors' report lists. */
export async function listProblems(db: Reader): Promise<StoredProblem[]> {
  const rows = await db.all<ProblemRow>(
    `SELECT ${PROBLEM_COLUMNS} FROM file_problems ORDER BY file, line`,
  );
  return rows.map(toProblem);
}

/** The problems on record for these files. */
export async function listProblemsOf(
  db: Reader,
  files: readonly string[],
): Promise<StoredProblem[]> {
  const found: StoredProblem[] = [];
  for (const batch of batches(files)) {
    const rows = await db.all<ProblemRow>(
      `SELECT ${PROBLEM_COLUMNS} FROM file_problems
       WHERE file IN (SELECT value FROM json_each(?)) ORDER BY file, line`,
      [JSON.stringify(batch)],
    );
    found.push(...rows.map(toProblem));
  }
  return found;
}

/** Files with problems on record in `folder` or below it (a folder renamed or removed). */
export async function listProblemFilesUnder(db: Reader, folder: string): Promise<string[]> {
  const rows = await db.all<{ file: string }>(
    'SELECT DISTINCT file FROM file_problems WHERE file >= ? AND file < ?',
    [`${folder}/`, `${folder}0`],
  );
  return rows.map((r) => r.file);
}

/** Number of editors' files that are rejected right now. */
export async function countRejectedFiles(db: Database): Promise<number> {
  const row = await db.get<{ total: number }>(
    "SELECT count(DISTINCT file) AS total FROM file_problems WHERE severity = 'error'",
  );
  return row?.total ?? 0;
}
