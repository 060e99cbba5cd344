import type { Logger } from 'pino';
import type { StoredProblem } from '../../db/file-problems.js';
import type { LedgerRow } from '../../db/ledger-entries.js';
import type { ArticleInput } from '../../db/upsert-articles.js';
import { stat, toInput, withStat } from './article-input.js';
import type { FileToRead } from './files-to-read.js';
import { fromLedger, pickStored, type Known } from './known-sources.js';
import type { ReadOutcome } from './read-article-file.js';
import { postpone, type SyncReport } from './sync-report.js';

/** Where an id for a file new to its path may come from, looked up by the file's content. */
export type FindPrevious = (hashes: readonly string[]) => Promise<Map<string, Known[]>>;

export interface PlanOptions {
  /** On a replica: the ledger's entries for these files, which decide their ids and dates. */
  named: ReadonlyMap<string, LedgerRow> | undefined;
  /** Earlier articles with these contents, best claim first: moved, then removed, then ledger-only. */
  findPrevious: FindPrevious;
  /** Ids claimed earlier in this sync: never claimed twice. */
  claimed: Set<number>;
  /** Gives the next id never given before. */
  nextId: () => number;
  version: string;
  settleMs: number;
  /** When this import runs: the articles' import time. */
  at: number;
  logger: Logger;
}

/** What a batch of read files becomes. */
export interface PlannedArticles {
  /** Articles to write, new or rewritten, under their ids. */
  writes: { id: number; input: ArticleInput }[];
  /** Files unchanged in content but touched or moved. */
  touched: { id: number; sourcePath: string; size: number; mtimeMs: number }[];
  /** The files read: what is wrong with them now replaces what was recorded for them. */
  files: string[];
  problems: StoredProblem[];
}

/**
 * Decides what each file read becomes: a new article under the next id, a new version of the
 * article at its path, an article moved or restored (found by its content, it keeps its id), or
 * nothing yet (unchanged, rejected, still changing). Every outcome is counted in `report`.
 */
export async function planArticles(
  read: readonly { file: FileToRead; outcome: ReadOutcome }[],
  options: PlanOptions,
  report: SyncReport,
): Promise<PlannedArticles> {
  const { named, claimed, version, settleMs, at, logger } = options;
  const planned: PlannedArticles = { writes: [], touched: [], files: [], problems: [] };
  const newcomers = read.flatMap(({ file, outcome }) =>
    outcome.kind === 'parsed' && file.current === undefined && named === undefined
      ? [outcome.hash]
      : [],
  );
  const previousByHash =
    newcomers.length === 0 ? new Map<string, Known[]>() : await options.findPrevious(newcomers);

  for (const { file, outcome } of read) {
    const { source, imagesChanged } = file;
    let { current } = file;
    let namedEntry: LedgerRow | undefined;
    if (outcome.kind === 'changing') {
      postpone(report, settleMs, [source.diskPath]);
      continue;
    }
    if (named) {
      // A replica publishes a file only as the ledger names it: this id, these dates.
      const entry = named.get(source.file)!;
      if (outcome.kind !== 'parsed' || outcome.hash !== entry.hash) {
        report.waiting++;
        continue;
      }
      // The stored row decides whether anything changed; the ledger decides the rest.
      current = {
        ...fromLedger(entry),
        ...(current?.stored && current.id === entry.id ? pickStored(current) : {}),
      };
      namedEntry = entry;
    }
    planned.files.push(source.file);
    if (outcome.kind === 'rejected') {
      planned.problems.push(withStat(source)(outcome.problem));
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
      planned.touched.push({ id: current.id, sourcePath: source.file, ...stat(source) });
      report.unchanged++;
      continue;
    }
    const { parsed, hash } = outcome;
    // On a replica the dates are the ledger's, as the primary computed them.
    let previous = namedEntry === undefined ? current : { ...current!, hash: namedEntry.hash };
    let moved = false;
    if (previous === undefined) {
      // A file new to this path with the content of one that left (now or earlier): the same
      // article, moved or restored. It keeps its id.
      previous = previousByHash.get(hash)?.find((k) => !claimed.has(k.id));
      moved = previous !== undefined;
    }
    if (previous) claimed.add(previous.id);
    const id = previous?.id ?? options.nextId();
    planned.writes.push({ id, input: toInput(source, outcome, previous, at, version) });
    planned.problems.push(...parsed.warnings.map(withStat(source)));
    report.problems.push(...parsed.warnings);
    if (moved) report.moved++;
    else if (previous?.stored) report.updated++;
    else report.added++;
    logger.debug({ file: source.file, id }, 'article imported');
  }
  return planned;
}
