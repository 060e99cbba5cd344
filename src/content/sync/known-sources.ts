import type { LedgerRow } from '../../db/ledger-entries.js';
import type { SourceState } from '../../db/sources.js';

/** What the importer knows of an id: its stored row, or only its line in the ledger. */
export type Known = SourceState & { stored: boolean };

export const fromRow = (row: SourceState): Known => ({ ...row, stored: true });

/** An id as its line in the ledger describes it, with no stored row behind it. */
export function fromLedger(entry: LedgerRow): Known {
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
  renderVersion: row.renderVersion,
  sourcePath: row.sourcePath,
});
