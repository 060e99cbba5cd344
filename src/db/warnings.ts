import type { Executor } from './types.js';
import type { Reader } from './sources.js';

/** An urgent warning as its file in content/ says it, last read without a problem. */
export interface StoredWarning {
  /** `_canh-bao….md` or `.txt`, relative to content/. */
  file: string;
  title: string;
  /** Its text, made safe at import (escaped, or Markdown inline with its links checked). */
  html: string;
  /** A page of this site or another site's address, for "Xem chi tiết". */
  link: string | undefined;
  expiresAt: number;
  expiresLine: number | undefined;
  /** When the file was saved, to the second: the newest warnings come first. */
  savedAt: number;
}

/** Pages show this many warnings at most, the newest first. */
export const SHOWN_WARNINGS = 3;

/**
 * The warnings readers see at `now`: not expired, the newest first (by when their files were
 * saved, then by name), three at most. The one rule for pages, the editors' report and
 * `npm run check`.
 */
export function pickShownWarnings<T extends Pick<StoredWarning, 'file' | 'expiresAt' | 'savedAt'>>(
  warnings: readonly T[],
  now: number,
): T[] {
  return warnings
    .filter((w) => w.expiresAt > now)
    .sort((a, b) => b.savedAt - a.savedAt || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .slice(0, SHOWN_WARNINGS);
}

interface WarningRow {
  file: string;
  title: string;
  html: string;
  link: string | null;
  expires_at: number;
  expires_line: number | null;
  saved_at: number;
}

const toWarning = (r: WarningRow): StoredWarning => ({
  file: r.file,
  title: r.title,
  html: r.html,
  link: r.link ?? undefined,
  expiresAt: r.expires_at,
  expiresLine: r.expires_line ?? undefined,
  savedAt: r.saved_at,
});

/**
 * Every warning on record, expired ones included. A handful of files at most: the facts, the
 * report and the walk read them whole.
 */
export async function listWarnings(db: Reader): Promise<StoredWarning[]> {
  const rows = await db.all<WarningRow>(
    'SELECT file, title, html, link, expires_at, expires_line, saved_at FROM warnings ORDER BY file',
  );
  return rows.map(toWarning);
}

/**
 * Makes the warnings stored for `files` exactly `warnings`: a file gone leaves none. A file that
 * was rejected is left out of `files`, so its last good version stays. Returns whether anything
 * changed.
 */
export async function replaceWarnings(
  tx: Executor,
  files: readonly string[],
  warnings: readonly StoredWarning[],
): Promise<boolean> {
  if (files.length === 0) return false;
  const list = JSON.stringify(files);
  const before = (
    await tx.all<WarningRow>(
      `SELECT file, title, html, link, expires_at, expires_line, saved_at FROM warnings
       WHERE file IN (SELECT value FROM json_each(?)) ORDER BY file`,
      [list],
    )
  ).map(toWarning);
  const after = [...warnings].sort((a, b) => (a.file < b.file ? -1 : 1));
  if (before.length === after.length && before.every((w, i) => sameWarning(w, after[i]!))) {
    return false;
  }
  await tx.run('DELETE FROM warnings WHERE file IN (SELECT value FROM json_each(?))', [list]);
  for (const w of after) {
    await tx.run(
      `INSERT INTO warnings (file, title, html, link, expires_at, expires_line, saved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [w.file, w.title, w.html, w.link ?? null, w.expiresAt, w.expiresLine ?? null, w.savedAt],
    );
  }
  return true;
}

const sameWarning = (a: StoredWarning, b: StoredWarning): boolean =>
  a.file === b.file &&
  a.title === b.title &&
  a.html === b.html &&
  a.link === b.link &&
  a.expiresAt === b.expiresAt &&
  a.expiresLine === b.expiresLine &&
  a.savedAt === b.savedAt;
