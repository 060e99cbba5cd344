import type { Logger } from 'pino';
import type { Database } from '../../db/types.js';
import { listMedia } from '../../db/media.js';
import {
  advanceSiteFacts,
  countSiteFacts,
  isDue,
  listFacetCounts,
  readSiteFacts,
  refreshSiteFacts,
  type SiteFacts,
} from '../../db/site-facts.js';
import { openLedgerFiles } from '../editor-files/ledger-files.js';
import { refreshEditorReport } from '../editor-files/refresh-editor-report.js';
import { formatProblem } from '../parse/content-error.js';
import { collectPaths, type Batch } from './collect-paths.js';
import { openContentFs, type FsCounts } from './content-fs.js';
import { createRelatedRanking } from './rank-related-job.js';
import { MediaIndex, toImageInfo } from './measure-media.js';
import { createArticleReader } from './read-articles.js';
import { readRenderVersion } from './render-version.js';
import { runBatch, type BatchContext } from './run-batch.js';
import { createSyncReport, type SyncReport } from './sync-report.js';
import type { ContentRole } from './sync-role.js';
import { describeFailure, type SyncStatus } from './sync-status.js';
import { WALK_SLICE } from './walk-content.js';
import { walkOnce, type Walk } from './walk-once.js';

export type { ContentRole } from './sync-role.js';

export interface ImporterOptions {
  db: Database;
  contentDir: string;
  logger: Logger;
  now?: () => number;
  role?: ContentRole;
  /**
   * A file modified less than this long ago may still be being written, so it waits. Saves
   * arrive in bursts of writes a few milliseconds apart; 250 ms is well past a burst and keeps
   * the drop-to-page time under a second.
   */
  settleMs?: number;
  /** Worker threads a large batch of files is parsed on, besides the importer's own; 0: none. */
  parseThreads?: number;
  /** After each slice of a walk: how many article files it has looked at so far. */
  onProgress?: (files: number) => void;
  /**
   * Called each time a sync has committed something readers see, with the site's new facts:
   * the page cache drops what it holds.
   */
  onPublish?: (facts: SiteFacts) => void;
  /** The absolute link a draft or scheduled article can be previewed at, for the report. */
  previewUrl?: (id: number) => string;
}

export interface Importer {
  /**
   * Brings the database in line with the whole content folder, walking every file.
   * `settleMs: 0` takes even just-modified files, for a one-off import where nobody is mid-save.
   */
  sync(options?: { settleMs?: number }): Promise<SyncReport>;
  /** Brings in line only these paths (files or folders, relative to content/): what changed. */
  syncPaths(paths: Iterable<string>, options?: { settleMs?: number }): Promise<SyncReport>;
  /** A walk through the whole folder that can pause between slices for an edit to go first. */
  startWalk(options?: { settleMs?: number }): Walk;
  /** Ranks the next slice of related lists near what changed; false when nothing waited. */
  rankRelated(): Promise<boolean>;
  /** Counts in the scheduled articles that have come due; the facts move on. */
  publishDue(): Promise<void>;
  /** How syncing has gone since this importer was made, for the health check. */
  status(): SyncStatus;
  /** Every look at content/ since this importer was made. */
  readonly counts: FsCounts;
  /** Stops the parsing workers it keeps. */
  close(): Promise<void>;
}

/**
 * Keeps the database in line with content/ by what changed: the watcher's events name the paths,
 * a walk through the folder finds what events missed. Each batch of paths is looked at, read and
 * stored on its own, in work that grows with the batch and never with the archive: every lookup
 * is one index of the database, and nothing is held per article between syncs. Moves are
 * recognised by content, so a renamed file keeps its id and its old links.
 *
 * The ledger in content/ holds what the files alone cannot rebuild (ids, first-publication
 * times, which file an id belongs to); the database holds the rest, so it can be deleted and
 * rebuilt with every URL and date unchanged.
 *
 * Calls must not overlap: the sync thread and the commands run them one at a time.
 */
export function createImporter(options: ImporterOptions): Importer {
  const { db } = options;
  const now = options.now ?? Date.now;
  const role = options.role ?? 'primary';
  const cfs = openContentFs(options.contentDir);
  const ledger = openLedgerFiles({ db, cfs, role });
  const status: SyncStatus = {
    caughtUp: false,
    lastSuccessAt: undefined,
    failingSince: undefined,
    lastFailure: undefined,
  };
  let context: BatchContext | undefined;
  const related = createRelatedRanking({ db, now, onPublish: options.onPublish });
  const reader = createArticleReader(cfs, { threads: options.parseThreads ?? 0 });

  /** The state batches share, made at the first sync: the render version, the pictures. */
  const prepare = async (): Promise<BatchContext> => {
    context ??= {
      db,
      cfs,
      role,
      logger: options.logger,
      version: await readRenderVersion(),
      media: new MediaIndex((await listMedia(db)).map((m) => [m.path, toImageInfo(m)])),
      reader,
      now,
      onPublish: options.onPublish,
      related,
      redirectTargets: undefined,
    };
    return context;
  };
  const run = async (batch: Batch, report: SyncReport, settleMs: number | undefined) => {
    report.folders.push(...batch.folders);
    await runBatch(batch, report, await prepare(), settleMs ?? options.settleMs ?? 250);
  };

  /** Keeps a record of how syncing content/ goes, for the health check. */
  const recorded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      const value = await work();
      Object.assign(status, {
        lastSuccessAt: now(),
        failingSince: undefined,
        lastFailure: undefined,
      });
      return value;
    } catch (error) {
      status.failingSince ??= now();
      status.lastFailure = describeFailure(error);
      throw error;
    }
  };

  /** After a batch: the ledger's lines and the editors' report in content/, and the log. */
  const finish = async (report: SyncReport, before: FsCounts): Promise<void> => {
    if (role === 'primary') {
      await ledger.writePending();
      await refreshEditorReport(db, options.contentDir, now, options.previewUrl);
    }
    for (const problem of report.problems) {
      const line = formatProblem(problem);
      if (problem.severity === 'error') options.logger.warn({ file: problem.file }, line);
      else options.logger.info({ file: problem.file }, line);
    }
    report.looked = {
      stat: cfs.counts.stat - before.stat,
      readdir: cfs.counts.readdir - before.readdir,
      read: cfs.counts.read - before.read,
    };
  };

  /**
   * After a walk: the counts moved on change by change must add up to a count of the whole
   * archive (read, not written, so no edit waits for it). If they do not, it is said in the log
   * and they are counted again: a page never shows a wrong count for longer than a walk.
   */
  const checkCounts = async (): Promise<void> => {
    const at = now();
    const facts = await readSiteFacts(db);
    if (facts.generation === 0 || isDue(facts, at)) return;
    const [stored, counted] = await Promise.all([listFacetCounts(db), countSiteFacts(db, at)]);
    if (
      counted.articles === facts.articles &&
      JSON.stringify(counted.facets) === JSON.stringify(stored)
    ) {
      return;
    }
    options.logger.warn(
      { counted: counted.articles, stored: facts.articles },
      'the site counts had drifted from the articles; counted again',
    );
    options.onPublish?.(await db.transaction((tx) => refreshSiteFacts(tx, at)));
  };

  const startWalk = (settleMs: number | undefined, sliceSize: number): Walk => {
    const before = { ...cfs.counts };
    const report = createSyncReport();
    const walk = walkOnce({
      db,
      cfs,
      ledger,
      run: (batch) => run(batch, report, settleMs),
      onProgress: options.onProgress,
      sliceSize,
    });
    return {
      report,
      step: () =>
        recorded(async () => {
          cfs.requireRoot();
          const more = await walk.step();
          if (!more) {
            await finish(report, before);
            await checkCounts();
            // The whole folder has been seen: the site shows it, not only the last database.
            status.caughtUp = true;
          }
          return more;
        }),
    };
  };

  return {
    counts: cfs.counts,
    async sync({ settleMs } = {}) {
      // Asked for as a whole, with nothing else to give way to: larger slices keep the parsing
      // workers busy from one slice to the next.
      const walk = startWalk(settleMs, WALK_SLICE * 5);
      while (await walk.step());
      while (await related.step());
      return walk.report;
    },
    syncPaths: (paths, { settleMs } = {}) =>
      recorded(async () => {
        cfs.requireRoot();
        const before = { ...cfs.counts };
        const report = createSyncReport();
        const batch = await collectPaths(cfs, ledger, [...paths]);
        await run(batch, report, settleMs);
        await finish(report, before);
        return report;
      }),
    startWalk: (walkOptions) => startWalk(walkOptions?.settleMs, WALK_SLICE),
    rankRelated: () => related.step(),
    async publishDue() {
      const facts = await db.transaction((tx) => advanceSiteFacts(tx, now()));
      options.onPublish?.(facts);
      if (role === 'primary') {
        await refreshEditorReport(db, options.contentDir, now, options.previewUrl);
      }
    },
    status: () => ({ ...status }),
    close: () => reader.close(),
  };
}
