import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { deleteMedia, listMedia, upsertMedia, type MediaRecord } from '../db/media.js';
import { refreshRelatedArticles } from '../db/related-articles.js';
import { refreshSiteFacts, type SiteFacts } from '../db/site-facts.js';
import { mediaUrl, type ImageInfo } from '../shared/responsive-image.js';
import {
  getLastArticleId,
  listProblems,
  listSourceStates,
  markArticlesDeleted,
  replaceProblems,
  updateSources,
  upsertArticles,
  type ArticleInput,
  type SourceState,
  type StoredProblem,
} from '../db/sources.js';
import { formatProblem, type ContentProblem } from './content-error.js';
import type { ParsedArticle } from './parse-article.js';
import { readArticleFiles } from './read-articles.js';
import { readImage } from './read-image.js';
import { scanContent, type ContentFile } from './scan-content.js';
import { slugify } from './slug.js';

export interface SyncReport {
  added: number;
  updated: number;
  moved: number;
  deleted: number;
  rejected: number;
  unchanged: number;
  /** Files still being written; a later sync picks them up. */
  pending: number;
  /** When to look again for the pending files, in milliseconds. */
  retryInMs: number | undefined;
  /** Problems found in this pass (files already reported and unchanged are not repeated). */
  problems: ContentProblem[];
}

export interface ImporterOptions {
  db: Database;
  contentDir: string;
  logger: Logger;
  now?: () => number;
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
}

export interface Importer {
  /**
   * Brings the database in line with the content folder. Never run two at once. `settleMs: 0`
   * takes even just-modified files, for a one-off import where nobody is mid-save.
   */
  sync(options?: { settleMs?: number }): Promise<SyncReport>;
}

const MAX_CLOCK_SKEW_MS = 60_000;

/** Articles stored per round while the next files are parsed. */
const WRITE_BATCH = 500;

/**
 * Reconciles the folder with the database instead of replaying file events one by one: whatever
 * order a save, rename or bulk copy produced its events in, the result is the folder as it is
 * now. Moves are recognised by content, so a renamed file keeps its id and its old links.
 */
export function createImporter(options: ImporterOptions): Importer {
  const { db, contentDir, logger } = options;
  const now = options.now ?? Date.now;
  const defaultSettleMs = options.settleMs ?? 250;

  return {
    async sync({ settleMs = defaultSettleMs } = {}) {
      const [scan, known, stored, mediaRows] = await Promise.all([
        scanContent(contentDir),
        listSourceStates(db),
        listProblems(db),
        listMedia(db),
      ]);
      // Read the clock after the scan: a write that lands during it must still count as recent.
      const scannedAt = now();
      const report: SyncReport = {
        added: 0,
        updated: 0,
        moved: 0,
        deleted: 0,
        rejected: 0,
        unchanged: 0,
        pending: 0,
        retryInMs: undefined,
        problems: [],
      };
      const byPath = new Map(known.map((k) => [k.sourcePath, k]));
      const storedProblems = new Map<string, { size?: number; mtimeMs?: number; messages: string[] }>();
      for (const p of stored) {
        const entry = storedProblems.get(p.file) ?? { size: p.size, mtimeMs: p.mtimeMs, messages: [] };
        entry.messages.push(p.message);
        storedProblems.set(p.file, entry);
      }

      const settling = (source: ContentFile): boolean => {
        const age = scannedAt - source.mtimeMs;
        // A modification time far in the future is clock skew on a copied file, not a save in
        // progress; waiting for it would hold the article back for as long as the skew lasts.
        if (age >= settleMs || age <= -MAX_CLOCK_SKEW_MS) return false;
        report.pending++;
        report.retryInMs = Math.min(report.retryInMs ?? Infinity, Math.max(settleMs - age, 0) + 10);
        return true;
      };

      // Images first: an article that shows a new, changed or removed image is rendered again.
      const media = new Map(mediaRows.map((m) => [m.path, m]));
      const mediaWrites: MediaRecord[] = [];
      const changedMedia = new Set<string>();
      for (const image of scan.images) {
        const row = media.get(image.file);
        if (row && row.size === image.size && row.mtimeMs === image.mtimeMs) continue;
        if (settling(image)) continue;
        const measured = await readImage(image);
        if (measured === undefined) {
          if (row) media.delete(image.file);
          changedMedia.add(image.file);
          continue;
        }
        const record = { path: image.file, size: image.size, mtimeMs: image.mtimeMs, ...measured };
        if (row?.hash !== measured.hash) changedMedia.add(image.file);
        media.set(image.file, record);
        mediaWrites.push(record);
      }
      const imageFiles = new Set(scan.images.map((i) => i.file));
      const mediaDeletes = mediaRows.filter((m) => !imageFiles.has(m.path) || !media.has(m.path));
      for (const gone of mediaDeletes) {
        media.delete(gone.path);
        changedMedia.add(gone.path);
      }
      const images = new Map<string, ImageInfo>();
      for (const m of media.values()) {
        images.set(m.path, { url: mediaUrl(m.path, m.hash), width: m.width, height: m.height });
      }

      // Which files to read: new, changed, restored, or showing a picture that changed.
      const toRead: { source: ContentFile; current: SourceState | undefined; imagesChanged: boolean }[] =
        [];
      for (const source of scan.files) {
        const current = byPath.get(source.file);
        const imagesChanged = current?.mediaPaths.some((p) => changedMedia.has(p)) ?? false;
        if (
          !imagesChanged &&
          current?.deletedAt === undefined &&
          current?.size === source.size &&
          current.mtimeMs === source.mtimeMs &&
          !storedProblems.has(source.file)
        ) {
          report.unchanged++;
          continue;
        }
        const reported = storedProblems.get(source.file);
        if (
          !imagesChanged &&
          reported &&
          reported.size === source.size &&
          reported.mtimeMs === source.mtimeMs
        ) {
          report.unchanged++; // already reported, and the editor has not touched it since
          continue;
        }
        if (settling(source)) continue;
        toRead.push({ source, current, imagesChanged });
      }
      const present = new Set([...scan.files.map((f) => f.file), ...scan.problems.map((p) => p.file)]);
      const missing = known.filter((k) => k.deletedAt === undefined && !present.has(k.sourcePath));
      const vanishedProblemFiles = [...storedProblems.keys()].filter((f) => !present.has(f));

      // One transaction, opened before the files are read: articles are stored in batches while
      // later files are still being parsed, and readers see the whole import or none of it.
      const published = await db.transaction(async (tx) => {
        const at = now();
        for (const record of mediaWrites) await upsertMedia(tx, record);
        for (const gone of mediaDeletes) await deleteMedia(tx, gone.path);
        let nextId = (await getLastArticleId(tx)) + 1;
        const claimed = new Set<number>();
        let written = 0;
        const writes: { id: number; input: ArticleInput }[] = [];
        const touched: { id: number; sourcePath: string; size: number; mtimeMs: number }[] = [];
        const problemFiles: string[] = [...vanishedProblemFiles];
        const problems: StoredProblem[] = [];

        let index = 0;
        const outcomes = readArticleFiles(
          toRead.map((r) => r.source),
          images,
          options.onProgress && ((done) => options.onProgress!(done, toRead.length)),
        );
        for await (const outcome of outcomes) {
          const { source, current, imagesChanged } = toRead[index++]!;
          if (outcome.kind === 'changing') {
            report.pending++;
            report.retryInMs = Math.min(report.retryInMs ?? Infinity, settleMs);
            continue;
          }
          problemFiles.push(source.file);
          if (outcome.kind === 'rejected') {
            problems.push(withStat(source)(outcome.problem));
            report.rejected++;
            report.problems.push(outcome.problem);
            continue;
          }
          if (current?.deletedAt === undefined && current?.hash === outcome.hash && !imagesChanged) {
            touched.push({ id: current.id, sourcePath: source.file, ...stat(source) });
            report.unchanged++;
            continue;
          }
          const { parsed, hash } = outcome;
          let previous = current;
          let moved = false;
          if (previous === undefined) {
            // A file new to this path with the content of one that just left (or left earlier):
            // the same article, moved or restored. It keeps its id.
            previous =
              missing.find((k) => k.hash === hash && !claimed.has(k.id)) ??
              known
                .filter((k) => k.deletedAt !== undefined && k.hash === hash && !claimed.has(k.id))
                .sort((a, b) => b.deletedAt! - a.deletedAt!)[0];
            moved = previous !== undefined;
          }
          if (previous) claimed.add(previous.id);
          const id = previous?.id ?? nextId++;
          writes.push({ id, input: toInput(source, hash, parsed, previous, at) });
          problems.push(...parsed.warnings.map(withStat(source)));
          report.problems.push(...parsed.warnings);
          if (moved) report.moved++;
          else if (previous) report.updated++;
          else report.added++;
          logger.debug({ file: source.file, id }, 'article imported');
          if (writes.length >= WRITE_BATCH) {
            written += writes.length;
            await upsertArticles(tx, writes.splice(0));
          }
        }
        written += writes.length;
        await upsertArticles(tx, writes);

        const deleted = missing.filter((gone) => !claimed.has(gone.id)).map((gone) => gone.id);
        for (const problem of scan.problems) {
          const already = storedProblems.get(problem.file)?.messages.includes(problem.message);
          problemFiles.push(problem.file);
          problems.push({ ...problem, size: undefined, mtimeMs: undefined });
          if (!already) {
            report.rejected++;
            report.problems.push(problem);
          }
        }
        report.deleted = deleted.length;
        await updateSources(tx, touched);
        await markArticlesDeleted(tx, deleted, at);
        await replaceProblems(tx, problemFiles, problems, at);
        if (written + deleted.length + mediaWrites.length + mediaDeletes.length === 0) {
          return undefined;
        }
        // In the same transaction as the articles: no page sees one without the other.
        await refreshRelatedArticles(tx);
        return refreshSiteFacts(tx, at);
      });
      if (published) options.onPublish?.(published);

      for (const problem of report.problems) {
        const line = formatProblem(problem);
        if (problem.severity === 'error') logger.warn({ file: problem.file }, line);
        else logger.info({ file: problem.file }, line);
      }
      return report;
    },
  };
}

const stat = (source: ContentFile) => ({ size: source.size, mtimeMs: source.mtimeMs });
const withStat = (source: ContentFile) => (problem: ContentProblem) => ({ ...problem, ...stat(source) });

function toInput(
  source: ContentFile,
  hash: string,
  parsed: ParsedArticle,
  previous: SourceState | undefined,
  at: number,
): ArticleInput {
  // The first import fixes the publication time; later edits are updates, never re-publications.
  const publishedAt = parsed.date ?? previous?.publishedAt ?? Math.round(source.mtimeMs);
  const contentChanged = previous !== undefined && previous.hash !== hash;
  let updatedAt = parsed.updated ?? (contentChanged ? Math.round(source.mtimeMs) : previous?.updatedAt);
  if (updatedAt !== undefined && updatedAt <= publishedAt) updatedAt = undefined;
  const section = parsed.section;
  const tags = new Map<string, string>();
  for (const name of parsed.tags) {
    const slug = slugify(name);
    if (slug !== '' && !tags.has(slug)) tags.set(slug, name);
  }
  return {
    sourcePath: source.file,
    hash,
    ...stat(source),
    slug: parsed.slug,
    title: parsed.title,
    sapo: parsed.sapo,
    bodyHtml: parsed.bodyHtml,
    bodyText: parsed.bodyText,
    readingMinutes: parsed.readingMinutes,
    byline: parsed.byline,
    author: parsed.author,
    authorSlug: parsed.author === undefined ? undefined : slugify(parsed.author) || undefined,
    section,
    sectionSlug: section === undefined ? undefined : slugify(section) || undefined,
    tags: [...tags].map(([slug, name]) => ({ name, slug })),
    image: parsed.image,
    imageAlt: parsed.imageAlt,
    imageCaption: parsed.imageCaption,
    draft: parsed.draft,
    publishedAt,
    updatedAt,
    importedAt: at,
    mediaPaths: parsed.mediaPaths,
  };
}
