import type { Database } from '../../db/types.js';
import type { LedgerFiles } from '../editor-files/ledger-files.js';
import { isVersionsPath } from '../editor-files/kept-versions.js';
import { isLedgerFile } from '../editor-files/ledger.js';
import { REDIRECTS_FILE } from '../editor-files/redirects.js';
import type { VersionFiles } from '../editor-files/version-files.js';
import { listWarningFiles } from '../editor-files/warnings.js';
import { addSlice, collectPaths, emptyBatch, type Batch } from './collect-paths.js';
import type { ContentFs } from './content-fs.js';
import type { SyncReport } from './sync-report.js';
import { walkContent, type WalkSlice } from './walk-content.js';

/** A look at the whole of content/, a slice at a time. */
export interface Walk {
  /** What the walk has done so far. */
  report: SyncReport;
  /** Takes the next slice; false once the walk is over. */
  step(): Promise<boolean>;
}

/**
 * Walks content/ to catch what events did not say: a change made while the site was stopped, an
 * event the system dropped, a folder mounted from elsewhere. Each slice of files is compared with
 * the database by its paths and the changed ones synced (`run`); the paths seen are noted in a
 * temporary table, and once the walk is over whatever the database holds that was not seen is
 * looked at again: gone, or created since the walk passed its folder.
 */
export function walkOnce({
  db,
  cfs,
  ledger,
  versions,
  run,
  onProgress,
  sliceSize,
}: {
  db: Database;
  cfs: ContentFs;
  ledger: LedgerFiles;
  versions: VersionFiles;
  run: (batch: Batch) => Promise<void>;
  /** After each slice: article files looked at so far. */
  onProgress?: (files: number) => void;
  /** Entries per slice. */
  sliceSize: number;
}): { step(): Promise<boolean> } {
  let slices: AsyncGenerator<WalkSlice> | undefined;
  let done = false;
  let files = 0;
  return {
    async step() {
      if (done) return false;
      if (slices === undefined) {
        // The ledger and the versions' index first: a database being rebuilt takes its ids and
        // dates from the one, and knows from the other which texts are kept already.
        const changed = await ledger.readChanges();
        await versions.readChanges();
        await db.transaction(async (tx) => {
          await tx.run('CREATE TEMP TABLE IF NOT EXISTS walk_seen (path TEXT PRIMARY KEY)');
          await tx.run('DELETE FROM temp.walk_seen');
        });
        slices = walkContent(cfs, '', sliceSize);
        // The warnings too: the walk lists no name that starts with "_".
        await run(await collectPaths(cfs, undefined, [...changed.paths, ...listWarningFiles(cfs)]));
        return true;
      }
      const next = await slices.next();
      if (!next.done) {
        const slice = next.value;
        const seen = [
          ...slice.articles.map((a) => a.file),
          ...slice.images.map((i) => i.file),
          ...slice.problems.map((p) => p.file),
        ];
        await db.transaction((tx) =>
          tx.run('INSERT OR IGNORE INTO temp.walk_seen (path) SELECT value FROM json_each(?)', [
            JSON.stringify(seen),
          ]),
        );
        const batch = emptyBatch();
        addSlice(batch, slice);
        await run(batch);
        files += slice.articles.length;
        onProgress?.(files);
        return true;
      }
      done = true;
      const unseen = await db.transaction(async (tx) => {
        const rows = await tx.all<{ path: string }>(
          `SELECT source_path AS path FROM articles WHERE deleted_at IS NULL
             AND source_path NOT IN (SELECT path FROM temp.walk_seen)
           UNION SELECT path FROM media WHERE path NOT IN (SELECT path FROM temp.walk_seen)
           UNION SELECT file FROM file_problems WHERE file NOT IN (SELECT path FROM temp.walk_seen)
           UNION SELECT path FROM ledger_entries AS l
             WHERE NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.id = l.id)
               AND path NOT IN (SELECT path FROM temp.walk_seen)
           UNION SELECT file FROM warnings`,
        );
        await tx.run('DELETE FROM temp.walk_seen');
        // The walk never lists the importer's own files: those are looked at apart.
        return rows
          .map((r) => r.path)
          .filter((p) => p !== REDIRECTS_FILE && !isLedgerFile(p) && !isVersionsPath(p));
      });
      // Looked at again: gone, or created since the walk passed its folder.
      const last = await collectPaths(cfs, undefined, unseen);
      // What old addresses lead to is resolved again once the whole folder has been seen.
      last.redirects = true;
      await run(last);
      return false;
    },
  };
}
