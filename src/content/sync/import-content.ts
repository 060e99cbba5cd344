import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import { listProblems, replaceProblems, type StoredProblem } from '../../db/file-problems.js';
import { deleteMedia, listMedia, upsertMedia } from '../../db/media.js';
import { listRelatedInputs, refreshRelatedArticles } from '../../db/related-articles.js';
import type { RelatedInput } from '../../db/rank-related.js';
import { refreshSiteFacts, type SiteFacts } from '../../db/site-facts.js';
import {
  getLastArticleId,
  insertRemovedArticles,
  listSourceStates,
  markArticlesDeleted,
  updateSources,
} from '../../db/sources.js';
import { upsertArticles } from '../../db/upsert-articles.js';
import { withoutStat } from './article-input.js';
import { formatProblem } from '../parse/content-error.js';
import { listFilesToRead } from './files-to-read.js';
import { importArticles } from './import-articles.js';
import { importRedirects } from '../editor-files/import-redirects.js';
import { knownSources, listMissing } from './known-sources.js';
import { LEDGER_FILE, parseLedger, readLedger, type Ledger } from '../editor-files/ledger.js';
import { measureMedia } from './measure-media.js';
import { readRedirects, REDIRECTS_FILE } from '../editor-files/redirects.js';
import { refreshEditorReport } from '../editor-files/refresh-editor-report.js';
import { refreshLedger } from '../editor-files/refresh-ledger.js';
import { readRenderVersion } from './render-version.js';
import { scanContent, type ContentFile } from './scan-content.js';
import { createSyncReport, postpone, type SyncReport } from './sync-report.js';
import { describeFailure, type SyncStatus } from './sync-status.js';

/**
 * A primary gives ids and keeps the ledger in content/; a replica takes both from the ledger it
 * receives with the files and never writes to content/.
 */
export type ContentRole = 'primary' | 'replica';

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
  onProgress?: (done: number, total: number) => void;
  /**
   * Called once a sync that changed what readers see has committed, with the site's new facts:
   * the page cache drops what it holds before `sync()` resolves.
   */
  onPublish?: (facts: SiteFacts) => void;
  /** The absolute link a draft or scheduled article can be previewed at, for the report. */
  previewUrl?: (id: number) => string;
}

export interface Importer {
  /**
   * Brings the database in line with the content folder. Calls made while one runs wait their
   * turn. `settleMs: 0` takes even just-modified files, for a one-off import where nobody is
   * mid-save.
   */
  sync(options?: { settleMs?: number }): Promise<SyncReport>;
  /** How syncing has gone since this importer was made, for the health check. */
  status(): SyncStatus;
}

const MAX_CLOCK_SKEW_MS = 60_000;

/**
 * Reconciles the folder with the database instead of replaying file events one by one: whatever
 * order a save, rename or bulk copy produced its events in, the result is the folder as it is
 * now. Moves are recognised by content, so a renamed file keeps its id and its old links.
 *
 * The ledger in content/ holds what the files alone cannot rebuild (ids, first-publication
 * times, which file an id belongs to); the database holds the rest, so it can be deleted and
 * rebuilt with every URL and date unchanged.
 */
export function createImporter(options: ImporterOptions): Importer {
  const { db, contentDir, logger } = options;
  const now = options.now ?? Date.now;
  const role = options.role ?? 'primary';
  const defaultSettleMs = options.settleMs ?? 250;
  let renderVersion: Promise<string> | undefined;
  // The ledger as this importer last wrote or checked it (null: not yet): it is rebuilt from the
  // database after an import, or when the file no longer reads as it was left.
  let ledgerWritten: string | undefined | null = null;
  let lastLedger: { text: string | undefined; ledger: Ledger | undefined } = {
    text: undefined,
    ledger: undefined,
  };

  const status: SyncStatus = {
    caughtUp: false,
    lastSuccessAt: undefined,
    failingSince: undefined,
    lastFailure: undefined,
  };
  let queue: Promise<unknown> = Promise.resolve();

  const sync = async ({ settleMs = defaultSettleMs }: { settleMs?: number } = {}) => {
    try {
      const report = await syncOnce(settleMs);
      Object.assign(status, {
        caughtUp: true,
        lastSuccessAt: now(),
        failingSince: undefined,
        lastFailure: undefined,
      });
      return report;
    } catch (error) {
      status.failingSince ??= now();
      status.lastFailure = describeFailure(error);
      throw error;
    }
  };

  return {
    sync(options) {
      const run = queue.then(() => sync(options));
      queue = run.catch(() => undefined);
      return run;
    },
    status: () => ({ ...status }),
  };

  async function syncOnce(settleMs: number): Promise<SyncReport> {
    renderVersion ??= readRenderVersion();
    const [scan, rows, stored, mediaRows, ledgerText, redirectsText, version] = await Promise.all([
      scanContent(contentDir),
      listSourceStates(db),
      listProblems(db),
      listMedia(db),
      readLedger(contentDir),
      readRedirects(contentDir),
      renderVersion,
    ]);
    // Read the clock after the scan: a write that lands during it must still count as recent.
    const scannedAt = now();
    const report = createSyncReport();
    // Parsed again only when it changed: at 10,000 articles that is most of a sync's work.
    if (ledgerText !== lastLedger.text) {
      lastLedger = {
        text: ledgerText,
        ledger: ledgerText === undefined ? undefined : parseLedger(ledgerText),
      };
    }
    const { ledger } = lastLedger;
    const known = knownSources(rows, ledger);
    const byPath = new Map(known.map((k) => [k.sourcePath, k]));
    const byId = new Map(known.map((k) => [k.id, k]));
    // What a replica may publish: the files its ledger names, as the ledger names them.
    const named =
      role === 'replica' ? new Map((ledger?.entries ?? []).map((e) => [e.path, e])) : undefined;
    const storedProblems = groupByFile(stored);

    const settling = (source: ContentFile): boolean => {
      const age = scannedAt - source.mtimeMs;
      // A modification time far in the future is clock skew on a copied file, not a save in
      // progress; waiting for it would hold the article back for as long as the skew lasts.
      if (age >= settleMs || age <= -MAX_CLOCK_SKEW_MS) return false;
      postpone(report, Math.max(settleMs - age, 0) + 10);
      return true;
    };

    // Images first: an article that shows a new, changed or removed image is rendered again.
    const media = await measureMedia(scan.images, mediaRows, settling);

    const toRead = listFilesToRead(
      scan.files,
      { byPath, storedProblems, named, changedMedia: media.changed, version, scannedAt, settling },
      report,
    );
    const present = new Set([
      ...scan.files.map((f) => f.file),
      ...scan.problems.map((p) => p.file),
    ]);
    const missing = listMissing(known, present, named);
    const vanishedProblemFiles = [...storedProblems.keys()].filter(
      (f) => !present.has(f) && f !== LEDGER_FILE && f !== REDIRECTS_FILE,
    );

    // One transaction, opened before the files are read: articles are stored in batches while
    // later files are still being parsed, and readers see the whole import or none of it.
    const published = await db.transaction(async (tx) => {
      const at = now();
      for (const record of media.writes) await upsertMedia(tx, record);
      for (const gone of media.deletes) await deleteMedia(tx, gone.path);
      // Never an id given before, by this database or by anything the ledger remembers.
      const nextId =
        [...(ledger?.entries ?? []), ...(ledger?.damaged ?? [])].reduce(
          (last, line) => Math.max(last, line.id ?? 0),
          await getLastArticleId(tx),
        ) + 1;
      const problemFiles: string[] = [...vanishedProblemFiles, LEDGER_FILE];
      const problems: StoredProblem[] = (ledger?.problems ?? []).map(withoutStat);

      // How the articles about to change stood before, so only the related lists within reach
      // of a change are ranked again.
      const relatedBefore: RelatedInput[] = [];
      const relatedIds = new Set<number>();
      const remember = async (ids: number[]) => {
        relatedBefore.push(...(await listRelatedInputs(tx, ids)));
        for (const id of ids) relatedIds.add(id);
      };

      const { written, claimed, touched, ...read } = await importArticles(
        toRead,
        {
          known,
          byId,
          missing,
          named,
          nextId,
          images: media.images,
          version,
          settleMs,
          at,
          logger,
          onProgress: options.onProgress,
          write: async (batch) => {
            await remember(batch.map((w) => w.id));
            await upsertArticles(tx, batch);
          },
        },
        report,
      );
      problemFiles.push(...read.files);
      problems.push(...read.problems);

      const gone = missing.filter((k) => !claimed.has(k.id));
      for (const problem of scan.problems) {
        const already = storedProblems.get(problem.file)?.messages.includes(problem.message);
        problemFiles.push(problem.file);
        problems.push(withoutStat(problem));
        if (!already) {
          report.rejected++;
          report.problems.push(problem);
        }
      }
      report.deleted = gone.filter((k) => k.stored).length;
      await updateSources(tx, touched);
      const removed = gone.filter((k) => k.stored).map((k) => k.id);
      await remember(removed);
      await markArticlesDeleted(tx, removed, at);
      await insertRemovedArticles(
        tx,
        gone.filter((k) => !k.stored),
        at,
      );
      // Old addresses follow their articles: resolved now, after this import's writes.
      const redirects = await importRedirects(tx, redirectsText);
      problemFiles.push(REDIRECTS_FILE);
      problems.push(...redirects.problems.map(withoutStat));

      await replaceProblems(tx, problemFiles, problems, at);
      const changes = written + gone.length + media.writes.length + media.deletes.length;
      if (changes + Number(redirects.changed) === 0) return undefined;
      // In the same transaction as the articles: no page sees one without the other.
      await refreshRelatedArticles(tx, { ids: relatedIds, before: relatedBefore });
      return refreshSiteFacts(tx, at);
    });
    if (published) options.onPublish?.(published);

    // A replica never writes to content/.
    if (role === 'primary') {
      if (published || ledgerText !== ledgerWritten) {
        // What was just written need not be parsed again at the next sync.
        lastLedger = await refreshLedger(db, contentDir, ledgerText, ledger);
        ledgerWritten = lastLedger.text;
      }
      await refreshEditorReport(db, contentDir, now, options.previewUrl);
    }

    for (const problem of report.problems) {
      const line = formatProblem(problem);
      if (problem.severity === 'error') logger.warn({ file: problem.file }, line);
      else logger.info({ file: problem.file }, line);
    }
    return report;
  }
}

/** The problems on record by file, with the version of the file they were found in. */
function groupByFile(
  stored: readonly StoredProblem[],
): Map<string, { size?: number; mtimeMs?: number; messages: string[] }> {
  const files = new Map<string, { size?: number; mtimeMs?: number; messages: string[] }>();
  for (const p of stored) {
    const entry = files.get(p.file) ?? { size: p.size, mtimeMs: p.mtimeMs, messages: [] };
    entry.messages.push(p.message);
    files.set(p.file, entry);
  }
  return files;
}
