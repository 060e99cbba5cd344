import type { Database } from '../../db/types.js';
import { listProblemFilesUnder, listProblemsOf } from '../../db/file-problems.js';
import { listLedgerEntriesAt, type LedgerRow } from '../../db/ledger-entries.js';
import { listSourcesAt, listSourcesById, listSourcesUnder } from '../../db/sources.js';
import { isLedgerFile } from '../editor-files/ledger.js';
import { REDIRECTS_FILE } from '../editor-files/redirects.js';
import { fromRow, type Known } from './known-sources.js';
import type { ContentRole } from './sync-role.js';

/** What stood at paths that are gone (files, or folders with what was in them). */
export interface Gone {
  /** Published articles whose files these were. */
  articles: Known[];
  /** Ids only the ledger knew, whose files these were (a database being rebuilt). */
  ledgerOnly: LedgerRow[];
  /** Files with problems on record that are gone with them. */
  problemFiles: string[];
}

/**
 * Looks up, by index, what the database and the ledger hold for paths that are no longer
 * there. A replica removes only what its ledger says is gone (the ledger still names the file
 * there), never an article the ledger has moved elsewhere.
 */
export async function findGone(
  db: Database,
  role: ContentRole,
  paths: readonly string[],
): Promise<Gone> {
  const gone: Gone = { articles: [], ledgerOnly: [], problemFiles: [] };
  if (paths.length === 0) return gone;
  const [exact, entries, problems] = await Promise.all([
    listSourcesAt(db, paths),
    listLedgerEntriesAt(db, paths),
    listProblemsOf(db, paths),
  ]);
  const below = [];
  const problemFiles = new Set(problems.map((p) => p.file));
  for (const folder of paths) {
    below.push(...(await listSourcesUnder(db, folder)));
    for (const file of await listProblemFilesUnder(db, folder)) problemFiles.add(file);
  }
  const articles = new Map<number, Known>();
  for (const row of [...exact, ...below]) {
    if (row.deletedAt === undefined) articles.set(row.id, fromRow(row));
  }
  const named = new Map(entries.map((e) => [e.path, e]));
  gone.articles = [...articles.values()].filter(
    (k) => role === 'primary' || named.get(k.sourcePath)?.id === k.id,
  );
  const stored = new Set(
    (
      await listSourcesById(
        db,
        entries.map((e) => e.id),
      )
    ).map((r) => r.id),
  );
  gone.ledgerOnly = entries.filter((e) => !stored.has(e.id));
  gone.problemFiles = [...problemFiles].filter((f) => f !== REDIRECTS_FILE && !isLedgerFile(f));
  return gone;
}
