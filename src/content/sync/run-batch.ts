import type { Logger } from 'pino';
import { listKeptTexts } from '../../db/article-versions.js';
import type { Database } from '../../db/types.js';
import { listProblemsOf } from '../../db/file-problems.js';
import { listLedgerEntriesAt } from '../../db/ledger-entries.js';
import { listArticlesShowing, listMediaAt } from '../../db/media.js';
import type { RelatedInput } from '../../db/rank-related.js';
import type { SiteFacts } from '../../db/site-facts.js';
import { getLastArticleId, listSourcesAt, listSourcesById } from '../../db/sources.js';
import { isListed } from '../../db/visibility.js';
import { keptExtension } from '../editor-files/kept-versions.js';
import { readRedirects } from '../editor-files/redirects.js';
import type { VersionFiles } from '../editor-files/version-files.js';
import { readWarnings } from '../editor-files/warnings.js';
import type { ContentProblem } from '../parse/content-error.js';
import { withoutStat } from './article-input.js';
import { applyChanges, type Changes } from './apply-changes.js';
import { collectPaths, type Batch } from './collect-paths.js';
import type { ContentFs } from './content-fs.js';
import type { ContentFile } from './examine-path.js';
import { listFilesToRead, type FileToRead, type ReportedVersion } from './files-to-read.js';
import { findGone } from './find-gone.js';
import { findPrevious } from './find-previous.js';
import { planArticles, type PlannedArticles } from './import-articles.js';
import { fromLedger, fromRow, type Known } from './known-sources.js';
import { measureMedia, type MediaIndex } from './measure-media.js';
import type { ArticleReader } from './read-articles.js';
import type { ReadOutcome } from './read-article-file.js';
import { postpone, type SyncReport } from './sync-report.js';
import type { ContentRole } from './sync-role.js';

/** What a batch is run with: the importer's resources and the state it keeps between batches. */
export interface BatchContext {
  db: Database;
  cfs: ContentFs;
  role: ContentRole;
  logger: Logger;
  /** The rendering code's version: HTML an older one made is made again. */
  version: string;
  /** Pictures in content/ by path, kept current as they are measured. */
  media: MediaIndex;
  /** Reads and parses the files, a large batch on worker threads. */
  reader: ArticleReader;
  now: () => number;
  onPublish: ((facts: SiteFacts) => void) | undefined;
  /** Where articles written or removed wait for their related lists to be ranked again. */
  related: { add(ids: readonly number[], before: readonly RelatedInput[]): void };
  /** The article files the redirects file names: a change to one resolves old addresses again. */
  redirectTargets: Set<string> | undefined;
  /** Where a primary keeps the bytes of each version it publishes. */
  versions: VersionFiles;
}

/** Files stored per transaction while the next ones are parsed. */
const WRITE_BATCH = 500;

/** A file modified far in the future is clock skew on a copied file, not a save in progress. */
const MAX_CLOCK_SKEW_MS = 60_000;

type Read = { file: FileToRead; outcome: ReadOutcome };

/**
 * Brings one batch of paths in line: pictures first (an article showing a changed picture is
 * rendered again), then the article files, read and stored 500 at a time so readers see the
 * first ones while the rest are parsed, then what is gone (last, so a file moved within the batch
 * keeps its id). Every lookup is by the batch's own paths and contents.
 */
export async function runBatch(
  batch: Batch,
  report: SyncReport,
  ctx: BatchContext,
  settleMs: number,
): Promise<void> {
  const { db, cfs, role } = ctx;
  // Read the clock after looking at the files: a write that lands meanwhile must count as recent.
  const scannedAt = ctx.now();
  const settling = (source: ContentFile): boolean => {
    const age = scannedAt - source.mtimeMs;
    if (age >= settleMs || age <= -MAX_CLOCK_SKEW_MS) return false;
    postpone(report, Math.max(settleMs - age, 0) + 10, [source.diskPath]);
    return true;
  };

  const storedMedia = await listMediaAt(db, {
    paths: [...batch.images.map((i) => i.file), ...batch.gone],
    folders: batch.gone,
  });
  const measured = await measureMedia(cfs, batch.images, storedMedia, {
    settling,
    images: ctx.media,
  });
  const { articles, showing } = await withArticlesShowing(ctx, batch.articles, measured.changed);
  const { byPath, named, reported } = await lookUp(ctx, articles);
  const toRead = listFilesToRead(
    articles,
    {
      byPath,
      storedProblems: reported,
      named,
      showingChangedMedia: showing,
      version: ctx.version,
      scannedAt,
      settling,
    },
    report,
  );
  const gone = await findGone(db, role, batch.gone);
  const fresh = await newProblems(ctx, batch.problems);
  report.rejected += fresh.length;
  report.problems.push(...fresh);
  // Old addresses naming a file are resolved again when that file changes (all of them, until
  // the redirects file has been read once).
  const changedFiles = [...toRead.map((r) => r.source.file), ...batch.gone];
  const touchesRedirects = changedFiles.some((f) => ctx.redirectTargets?.has(f) ?? true);
  const redirects =
    batch.redirects || touchesRedirects ? { text: await readRedirects(cfs.root) } : undefined;
  const warnings =
    batch.warnings.length > 0 ? readWarnings(cfs, batch.warnings, settling) : undefined;

  const claimed = new Set<number>();
  let lastId = await getLastArticleId(db);
  let first = true;
  const store = async (chunk: Read[], last: boolean) => {
    const planned = await planArticles(
      chunk,
      {
        named,
        claimed,
        nextId: () => ++lastId,
        findPrevious: (hashes) => findPrevious(db, cfs, hashes),
        version: ctx.version,
        settleMs: settleMs,
        at: scannedAt,
        logger: ctx.logger,
      },
      report,
    );
    if (role === 'primary') {
      const texts = planned.writes.map(({ id, input }) => ({ articleId: id, hash: input.hash }));
      const kept = await listKeptTexts(db, texts);
      keepVersions(chunk, planned, { versions: ctx.versions, kept }, settleMs, report);
    }
    const changes: Changes = { planned, media: first ? measured : undefined };
    first = false;
    if (last) {
      const removed = gone.articles.filter((k) => !claimed.has(k.id));
      report.deleted += removed.length;
      changes.gone = {
        articles: removed,
        ledgerOnly: gone.ledgerOnly.filter((e) => !claimed.has(e.id)),
      };
      changes.problems = {
        files: [...gone.problemFiles, ...batch.problemFiles],
        problems: batch.problems.map(withoutStat),
      };
      changes.redirects = redirects;
      changes.warnings = warnings;
    }
    if (!needsTransaction(changes)) return;
    const applied = await db.transaction((tx) =>
      applyChanges(tx, changes, { at: scannedAt, role }),
    );
    if (applied.redirectTargets) ctx.redirectTargets = new Set(applied.redirectTargets);
    ctx.versions.drop(applied.droppedVersions);
    ctx.related.add(applied.related.ids, applied.related.before);
    if (applied.published) ctx.onPublish?.(applied.published);
  };

  let chunk: Read[] = [];
  let index = 0;
  const outcomes = ctx.reader.read(
    toRead.map((r) => r.source),
    ctx.media,
  );
  for await (const outcome of outcomes) {
    chunk.push({ file: toRead[index++]!, outcome });
    if (chunk.length >= WRITE_BATCH) {
      await store(chunk, false);
      chunk = [];
    }
  }
  await store(chunk, true);
}

/**
 * A primary keeps the bytes of every text it is about to publish (or schedule) before the commit
 * that publishes it: the very bytes it read and parsed, so the kept text is the published one and
 * the file is not read twice; a text the database says is kept is not looked for again. A text
 * it cannot keep is not published; its file is read again.
 */
function keepVersions(
  chunk: readonly Read[],
  planned: PlannedArticles,
  { versions, kept }: { versions: VersionFiles; kept: ReadonlySet<string> },
  settleMs: number,
  report: SyncReport,
): void {
  const read = new Map(chunk.map((r) => [r.file.source.file, r]));
  const changed: string[] = [];
  planned.writes = planned.writes.filter(({ id, input }) => {
    const { file, outcome } = read.get(input.sourcePath) ?? {};
    const diskPath = file?.source.diskPath ?? input.sourcePath;
    if (
      !isListed({ ...input, deleted: false }) ||
      kept.has(`${id}:${input.hash}`) ||
      versions.keepFile({
        articleId: id,
        diskPath,
        hash: input.hash,
        ext: keptExtension(input.sourcePath),
        bytes: outcome?.kind === 'parsed' ? outcome.bytes : undefined,
      })
    ) {
      return true;
    }
    changed.push(diskPath);
    return false;
  });
  if (changed.length > 0) postpone(report, settleMs, changed);
}

/** The batch's articles, and those elsewhere that show a picture new, changed or gone. */
async function withArticlesShowing(
  ctx: BatchContext,
  articles: readonly ContentFile[],
  changed: ReadonlySet<string>,
): Promise<{ articles: ContentFile[]; showing: Set<string> }> {
  const all = [...articles];
  const showing = new Set<string>();
  if (changed.size === 0) return { articles: all, showing };
  const listed = new Set(all.map((a) => a.file));
  const others: string[] = [];
  for (const { sourcePath } of await listArticlesShowing(ctx.db, [...changed])) {
    showing.add(sourcePath);
    if (!listed.has(sourcePath)) others.push(sourcePath);
  }
  all.push(...(await collectPaths(ctx.cfs, undefined, others)).articles);
  return { articles: all, showing };
}

/** What is known at each file's path: its article, or (a database being rebuilt) its ledger line. */
async function lookUp(ctx: BatchContext, articles: readonly ContentFile[]) {
  const files = articles.map((a) => a.file);
  const [rows, entries, problems] = await Promise.all([
    listSourcesAt(ctx.db, files),
    listLedgerEntriesAt(ctx.db, files),
    listProblemsOf(ctx.db, files),
  ]);
  const byPath = new Map<string, Known>(rows.map((r) => [r.sourcePath, fromRow(r)]));
  const withRows = new Set(
    (
      await listSourcesById(
        ctx.db,
        entries.map((e) => e.id),
      )
    ).map((r) => r.id),
  );
  for (const entry of entries) {
    // An id only the ledger knows: the file at its path takes it, with its dates.
    if (!byPath.has(entry.path) && !withRows.has(entry.id))
      byPath.set(entry.path, fromLedger(entry));
  }
  // A replica publishes only what its ledger names, as it names it.
  const named = ctx.role === 'replica' ? new Map(entries.map((e) => [e.path, e])) : undefined;
  const reported = new Map<string, ReportedVersion>();
  for (const p of problems) if (!reported.has(p.file)) reported.set(p.file, p);
  return { byPath, named, reported };
}

/** Problems found apart from reading that were not on record already: counted and logged once. */
async function newProblems(
  ctx: BatchContext,
  problems: readonly ContentProblem[],
): Promise<ContentProblem[]> {
  if (problems.length === 0) return [];
  const stored = await listProblemsOf(
    ctx.db,
    problems.map((p) => p.file),
  );
  const known = new Set(stored.map((p) => `${p.file}\0${p.message}`));
  return problems.filter((p) => !known.has(`${p.file}\0${p.message}`));
}

const needsTransaction = (c: Changes): boolean =>
  (c.planned?.files.length ?? 0) + (c.planned?.touched.length ?? 0) > 0 ||
  (c.media?.writes.length ?? 0) + (c.media?.deletes.length ?? 0) > 0 ||
  (c.gone?.articles.length ?? 0) + (c.gone?.ledgerOnly.length ?? 0) > 0 ||
  (c.problems?.files.length ?? 0) > 0 ||
  c.redirects !== undefined ||
  (c.warnings?.problemFiles.length ?? 0) + (c.warnings?.files.length ?? 0) > 0;
