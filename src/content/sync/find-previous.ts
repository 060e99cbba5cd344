import type { Database } from '../../db/types.js';
import { listLedgerOnlyByHash } from '../../db/ledger-entries.js';
import { listLiveByHash, listRemovedByHash } from '../../db/sources.js';
import type { ContentFs } from './content-fs.js';
import { fromLedger, fromRow, type Known } from './known-sources.js';

/**
 * The articles a file new to its path may be, by its content, best claim first: a published
 * article whose file is no longer where it was (moved), an id only the ledger knows whose file
 * is not where the ledger says (moved since, in a database being rebuilt), then a removed
 * article, the most recently removed first (restored). Each is one index lookup by hash, plus a
 * look at the old path of the few that match.
 */
export async function findPrevious(
  db: Database,
  cfs: ContentFs,
  hashes: readonly string[],
): Promise<Map<string, Known[]>> {
  const unique = [...new Set(hashes)];
  const [live, ledgerOnly, removed] = await Promise.all([
    listLiveByHash(db, unique),
    listLedgerOnlyByHash(db, unique),
    listRemovedByHash(db, unique),
  ]);
  const byHash = new Map<string, Known[]>();
  const add = (known: Known) => {
    const list = byHash.get(known.hash);
    if (list) list.push(known);
    else byHash.set(known.hash, [known]);
  };
  const left = (file: string) => cfs.lstat(file) === undefined;
  for (const row of live) if (left(row.sourcePath)) add(fromRow(row));
  for (const entry of ledgerOnly) if (left(entry.path)) add(fromLedger(entry));
  for (const row of removed) add(fromRow(row));
  return byHash;
}
