import type { SourceState } from '../../db/sources.js';
import type { Ledger, LedgerEntry } from '../editor-files/ledger.js';

/** What the importer knows of an id: its stored row, or only its line in the ledger. */
export type Known = SourceState & { stored: boolean };

/** The database's rows, plus the ids only the ledger remembers (a database being rebuilt). */
export function knownSources(rows: readonly SourceState[], ledger: Ledger | undefined): Known[] {
  const known: Known[] = rows.map((row) => ({ ...row, stored: true }));
  const ids = new Set(rows.map((r) => r.id));
  for (const entry of ledger?.entries ?? []) {
    if (!ids.has(entry.id)) known.push(fromLedger(entry));
  }
  return known;
}

/**
 * The ids whose files are not where they were (`present`: every path the scan found): each is
 * an article moved or removed, which only reading the files can tell.
 */
export function listMissing(
  known: readonly Known[],
  present: ReadonlySet<string>,
  named: ReadonlyMap<string, LedgerEntry> | undefined,
): Known[] {
  // A replica removes what its ledger says is gone, never what the ledger does not mention.
  return known.filter(
    (k) =>
      k.deletedAt === undefined &&
      !present.has(k.sourcePath) &&
      (named === undefined || named.get(k.sourcePath)?.id === k.id),
  );
}

/** An id as its line in the ledger describes it, with no stored row behind it. */
export function fromLedger(entry: LedgerEntry): Known {
  return {
    id: entry.id,
    sourcePath: entry.path,
    hash: entry.hash,
    // Unknown here: the file is read and compared by its hash.
    size: -1,
    mtimeMs: -1,
    publishedAt: entry.publishedAt,
    updatedAt: entry.updatedAt,
    deletedAt: undefined,
    mediaPaths: [],
    renderVersion: '',
    stored: false,
  };
}

// What a replica keeps of its own row when the ledger decides the rest.
export const pickStored = (row: Known) => ({
  stored: true,
  hash: row.hash,
  size: row.size,
  mtimeMs: row.mtimeMs,
  deletedAt: row.deletedAt,
  mediaPaths: row.mediaPaths,
  renderVersion: row.renderVersion,
  sourcePath: row.sourcePath,
});
