import type { Logger } from 'pino';
import type { StoredProblem } from '../../db/file-problems.js';
import type { ArticleInput } from '../../db/upsert-articles.js';
import type { ImageInfo } from '../../shared/responsive-image.js';
import { stat, toInput, withStat } from './article-input.js';
import type { FileToRead } from './files-to-read.js';
import { fromLedger, pickStored, type Known } from './known-sources.js';
import type { LedgerEntry } from '../editor-files/ledger.js';
import { readArticleFiles } from './read-articles.js';
import { postpone, type SyncReport } from './sync-report.js';

/** Articles stored per round while the next files are parsed. */
const WRITE_BATCH = 500;

export interface ImportArticlesOptions {
  /** Every id known, from the database and the ledger. */
  known: readonly Known[];
  byId: ReadonlyMap<number, Known>;
  /** Ids whose files are no longer where they were: a file read now may be one of them, moved. */
  missing: readonly Known[];
  /** On a replica: the files its ledger names, with the id and dates of each. */
  named: ReadonlyMap<string, LedgerEntry> | undefined;
  /** The first id never given before. */
  nextId: number;
  /** Images by their path in content/, as articles link to them. */
  images: ReadonlyMap<string, ImageInfo>;
  version: string;
  settleMs: number;
  /** When this import runs: the articles' import time. */
  at: number;
  logger: Logger;
  onProgress: ((done: number, total: number) => void) | undefined;
  /** Stores a batch of articles under their ids. */
  write: (batch: { id: number; input: ArticleInput }[]) => Promise<void>;
}

export interface ImportedArticles {
  /** Articles written, new or rewritten. */
  written: number;
  /** Ids a file was found for: of the missing ones, the others are gone. */
  claimed: Set<number>;
  /** Files unchanged in content but touched or moved. */
  touched: { id: number; sourcePath: string; size: number; mtimeMs: number }[];
  /** The files read: what is wrong with them now replaces what was recorded for them. */
  files: string[];
  problems: StoredProblem[];
}

/**
 * Reads the chosen files and decides what each becomes: a new article under the next id, a new
 * version of the article at its path, an article moved or restored (found by its content, it
 * keeps its id), or nothing yet (unchanged, rejected, still changing). Articles are handed to
 * `write` in batches while later files are still being read; every outcome is counted in
 * `report`.
 */
export async function importArticles(
  toRead: readonly FileToRead[],
  options: ImportArticlesOptions,
  report: SyncReport,
): Promise<ImportedArticles> {
  const { known, byId, missing, named, images, version, settleMs, at, logger, onProgress, write } =
    options;
  let { nextId } = options;
  const claimed = new Set<number>();
  // Moves and restorations are found by content: an index by hash, so a folder of thousands of
  // new files does not compare each with every article ever known.
  const missingByHash = groupByHash(missing);
  const removedByHash = groupByHash(
    known.filter((k) => k.deletedAt !== undefined).sort((a, b) => b.deletedAt! - a.deletedAt!),
  );
  let written = 0;
  const writes: { id: number; input: ArticleInput }[] = [];
  const touched: ImportedArticles['touched'] = [];
  const files: string[] = [];
  const problems: StoredProblem[] = [];

  let index = 0;
  const outcomes = readArticleFiles(
    toRead.map((r) => r.source),
    images,
    onProgress && ((done) => onProgress(done, toRead.length)),
  );
  for await (const outcome of outcomes) {
    const { source, imagesChanged } = toRead[index++]!;
    let { current } = toRead[index - 1]!;
    let namedEntry: LedgerEntry | undefined;
    if (outcome.kind === 'changing') {
      postpone(report, settleMs);
      continue;
    }
    if (named) {
      // A replica publishes a file only as the ledger names it: this id, these dates.
      const entry = named.get(source.file)!;
      if (outcome.kind !== 'parsed' || outcome.hash !== entry.hash) {
        report.waiting++;
        continue;
      }
      const row = byId.get(entry.id);
      // The stored row decides whether anything changed; the ledger decides the rest.
      current = { ...fromLedger(entry), ...(row?.stored ? pickStored(row) : {}) };
      namedEntry = entry;
    }
    files.push(source.file);
    if (outcome.kind === 'rejected') {
      problems.push(withStat(source)(outcome.problem));
      report.rejected++;
      report.problems.push(outcome.problem);
      continue;
    }
    if (
      current?.stored === true &&
      current.deletedAt === undefined &&
      current.sourcePath === source.file &&
      current.hash === outcome.hash &&
      current.renderVersion === version &&
      !imagesChanged
    ) {
      touched.push({ id: current.id, sourcePath: source.file, ...stat(source) });
      report.unchanged++;
      continue;
    }
    const { parsed, hash } = outcome;
    // On a replica the dates are the ledger's, as the primary computed them.
    let previous = namedEntry === undefined ? current : { ...current!, hash: namedEntry.hash };
    let moved = false;
    if (previous === undefined) {
      // A file new to this path with the content of one that just left (or left earlier):
      // the same article, moved or restored. It keeps its id.
      // The most recently removed first, among articles removed earlier.
      previous =
        missingByHash.get(hash)?.find((k) => !claimed.has(k.id)) ??
        removedByHash.get(hash)?.find((k) => !claimed.has(k.id));
      moved = previous !== undefined;
    }
    if (previous) claimed.add(previous.id);
    const id = previous?.id ?? nextId++;
    writes.push({ id, input: toInput(source, hash, parsed, previous, at, version) });
    problems.push(...parsed.warnings.map(withStat(source)));
    report.problems.push(...parsed.warnings);
    if (moved) report.moved++;
    else if (previous?.stored) report.updated++;
    else report.added++;
    logger.debug({ file: source.file, id }, 'article imported');
    if (writes.length >= WRITE_BATCH) {
      written += writes.length;
      await write(writes.splice(0));
    }
  }
  written += writes.length;
  await write(writes);
  return { written, claimed, touched, files, problems };
}

/** Articles by content hash, each list in the order given. */
function groupByHash(articles: readonly Known[]): Map<string, Known[]> {
  const byHash = new Map<string, Known[]>();
  for (const article of articles) {
    const list = byHash.get(article.hash);
    if (list) list.push(article);
    else byHash.set(article.hash, [article]);
  }
  return byHash;
}
