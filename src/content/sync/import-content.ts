import type { Logger } from 'pino';
import { markVersionsToRenderAgain } from '../../db/article-versions.js';
import { listMedia } from '../../db/media.js';
import { advanceSiteFacts, type SiteFacts } from '../../db/site-facts.js';
import type { Database } from '../../db/types.js';
import { openLedgerFiles } from '../editor-files/ledger-files.js';
import { refreshEditorReport } from '../editor-files/refresh-editor-report.js';
import { createVersionRenderer } from '../editor-files/render-versions.js';
import { openVersionFiles } from '../editor-files/version-files.js';
import { checkCounts } from './check-counts.js';
import { collectPaths } from './collect-paths.js';
import { openContentFs, type FsCounts } from './content-fs.js';
import { finishBatch } from './finish-batch.js';
import { MediaIndex, toImageInfo } from './measure-media.js';
import { createRelatedRanking } from './rank-related-job.js';
import { createArticleReader } from './read-articles.js';
import { readRenderVersion } from './render-version.js';
import { runBatch, type BatchContext } from './run-batch.js';
import { createSyncReport, type SyncReport } from './sync-report.js';
import type { ContentRole } from './sync-role.js';
import { createSyncRecord, type SyncStatus } from './sync-status.js';
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
  /** Makes the next articles' history pages waiting; false when none waited. */
  renderVersions(): Promise<boolean>;
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
  const { db, logger } = options;
  const now = options.now ?? Date.now;
  const role = options.role ?? 'primary';
  const settleMs = (asked: number | undefined) => asked ?? options.settleMs ?? 250;
  const cfs = openContentFs(options.contentDir);
  const ledger = openLedgerFiles({ db, cfs, role });
  const versions = openVersionFiles({ db, cfs, role, now, onPublish: options.onPublish });
  const record = createSyncRecord(now);
  const related = createRelatedRanking({ db, now, onPublish: options.onPublish });
  const reader = createArticleReader(cfs, { threads: options.parseThreads ?? 0 });
  const renderVersion = readRenderVersion();
  // What batches share, made at the first sync: the render version, the pictures.
  let shared: BatchContext | undefined;
  const histories = createVersionRenderer({
    db,
    cfs,
    now,
    onPublish: options.onPublish,
    renderVersion: () => renderVersion,
    findImage: (file) => shared?.media.get(file),
  });
  const finishing = {
    db,
    cfs,
    ledger,
    versions,
    histories,
    role,
    logger,
    now,
    previewUrl: options.previewUrl,
  };
  const context = async (): Promise<BatchContext> =>
    (shared ??= {
      db,
      cfs,
      role,
      logger,
      version: await renderVersion,
      media: new MediaIndex((await listMedia(db)).map((m) => [m.path, toImageInfo(m)])),
      reader,
      now,
      onPublish: options.onPublish,
      related,
      redirectTargets: undefined,
      versions,
    });

  const startWalk = (settle: number | undefined, sliceSize: number): Walk => {
    const before = { ...cfs.counts };
    const report = createSyncReport();
    const walk = walkOnce({
      db,
      cfs,
      ledger,
      versions,
      sliceSize,
      onProgress: options.onProgress,
      run: async (batch) => {
        report.folders.push(...batch.folders);
        await runBatch(batch, report, await context(), settleMs(settle));
      },
    });
    const step = async () => {
      cfs.requireRoot();
      if (await walk.step()) return true;
      // Articles a release before this one published get their current text kept; pages made
      // by older code, or from bytes a replica's copy had not brought, are made again.
      await versions.keepUnkept();
      await db.transaction(async (tx) => markVersionsToRenderAgain(tx, await renderVersion));
      await finishBatch(finishing, report, before);
      const recounted = await checkCounts(db, now(), logger);
      if (recounted) options.onPublish?.(recounted);
      record.caughtUp();
      return false;
    };
    return { report, step: () => record.note(step) };
  };

  return {
    counts: cfs.counts,
    async sync({ settleMs: settle } = {}) {
      // Asked for as a whole, with nothing else to give way to: larger slices keep the parsing
      // workers busy from one slice to the next.
      const walk = startWalk(settle, WALK_SLICE * 5);
      while (await walk.step());
      while (await related.step());
      while (await histories.step());
      return walk.report;
    },
    syncPaths: (paths, { settleMs: settle } = {}) =>
      record.note(async () => {
        cfs.requireRoot();
        const before = { ...cfs.counts };
        const report = createSyncReport();
        const batch = await collectPaths(cfs, ledger, [...paths], versions);
        report.folders.push(...batch.folders);
        await runBatch(batch, report, await context(), settleMs(settle));
        await finishBatch(finishing, report, before);
        return report;
      }),
    startWalk: (walkOptions) => startWalk(walkOptions?.settleMs, WALK_SLICE),
    rankRelated: () => related.step(),
    renderVersions: () => histories.step(),
    async publishDue() {
      options.onPublish?.(await db.transaction((tx) => advanceSiteFacts(tx, now())));
      if (role === 'primary') {
        await refreshEditorReport(db, cfs.root, now, options.previewUrl);
      }
    },
    status: record.current,
    close: () => reader.close(),
  };
}
