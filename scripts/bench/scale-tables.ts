import { formatBytes, formatCount, formatMs, formatRatio } from './format.js';
import { markdownTable } from './markdown-table.js';
import { EDITING_RUN, type EditingRun } from './measure-editing-run.js';
import type { ScaleMeasures } from './measure-scale.js';
import { median } from './percentile.js';
import type { WrkResult } from './run-wrk.js';

const NONE = '–';
/** The worst round's p90 and p99, and the slowest answer of all rounds. */
const latency = (loads: readonly WrkResult[]) =>
  `${formatMs(Math.max(...loads.map((w) => w.p90Ms)))} / ` +
  `${formatMs(Math.max(...loads.map((w) => w.p99Ms)))} / ` +
  `${formatMs(Math.max(...loads.map((w) => w.maxMs)))}`;
const quietLoads = (e: EditingRun) => e.rounds.map((r) => r.quiet);
const savingLoads = (e: EditingRun) => e.rounds.map((r) => r.withSaves);
/** Each round's req/s while saving ÷ its req/s with no saves, the median of the rounds. */
const savingRatio = (e: EditingRun) =>
  median(e.rounds.map((r) => r.withSaves.requestsPerSecond / r.quiet.requestsPerSecond));
const spread = (times: readonly number[]) =>
  times.length === 0
    ? NONE
    : `${formatMs(median(times))} (${formatMs(Math.min(...times))}–${formatMs(Math.max(...times))})`;
const percent = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} %`;

/** One row per measure of issue 15's table, a column per archive size, then the goal. */
export function scaleTable(results: readonly ScaleMeasures[]): string {
  const row = (
    measure: string,
    cell: (r: ScaleMeasures) => string | undefined,
    goal = '',
  ): string[] => [measure, ...results.map((r) => cell(r) ?? NONE), goal];
  const saves = (r: ScaleMeasures) => {
    const e = r.editing;
    if (!e) return undefined;
    const times = e.listedAfterMs;
    const found =
      times.length > 0 ? `${formatMs(median(times))} / ${formatMs(Math.max(...times))}` : '';
    const lost = e.unlisted > 0 ? `${e.unlisted} of ${EDITING_RUN.saves} never listed` : '';
    return [found, lost].filter(Boolean).join(', ');
  };
  return markdownTable(
    ['measure', ...results.map((r) => `${formatCount(r.articles)} articles →`), 'goal at 100,000'],
    [
      row(
        'a saved file until the home page shows it, median / max',
        saves,
        'median ≤ 0.5 s, max ≤ 1 s',
      ),
      row(
        'article req/s while files are saved, median of rounds (× with no saves, median of rounds)',
        (r) =>
          r.editing &&
          `${formatCount(median(savingLoads(r.editing).map((w) => w.requestsPerSecond)))} ` +
            `(${formatRatio(savingRatio(r.editing))}×)`,
        'within 10 % of the same load with no saves',
      ),
      row(
        'article req/s with no saves, median of rounds',
        (r) =>
          r.editing && formatCount(median(quietLoads(r.editing).map((w) => w.requestsPerSecond))),
      ),
      row(
        'article latency while files are saved, worst round p90 / p99, max',
        (r) => r.editing && latency(savingLoads(r.editing)),
        'p99 ≤ 10 ms, max ≤ 50 ms',
      ),
      row(
        'article latency with no saves, worst round p90 / p99, max',
        (r) => r.editing && latency(quietLoads(r.editing)),
      ),
      row(
        'server memory (RSS) idle, after the load',
        (r) =>
          r.idleRssBytes === undefined
            ? undefined
            : `${formatBytes(r.idleRssBytes)}, ${formatBytes(r.afterLoadRssBytes)}`,
        '≤ 250 MB',
      ),
      row(
        'server CPU with no edits and no readers, of one core',
        (r) => (r.idleCpuPercent === undefined ? undefined : percent(r.idleCpuPercent)),
        '≤ 5 % of one core',
      ),
      row(
        '`node dist/src/cli/import.js`, empty database: time, peak RSS',
        (r) => r.import && `${formatMs(r.import.ms)}, ${formatBytes(r.import.peakBytes)}`,
        '≤ 500 MB peak',
      ),
      row(
        'import ÷ Hugo: time, peak RSS',
        (r) =>
          r.import &&
          r.hugo &&
          `${formatRatio(r.import.ms / r.hugo.ms)}×, ${r.import.peakBytes && r.hugo.peakBytes ? `${formatRatio(r.import.peakBytes / r.hugo.peakBytes)}×` : NONE}`,
        "≤ 0.5× Hugo's time",
      ),
      row(
        'Hugo `--minify` (tag pages off), to tmpfs: time, peak RSS',
        (r) =>
          r.hugo &&
          `${formatMs(r.hugo.ms)}, ${formatBytes(r.hugo.peakBytes)}${r.hugo.toTmpfs ? '' : ' (to disk: no /dev/shm)'}`,
      ),
      row(
        'start on the existing database → first 200 of `/`, median (range) of 3',
        (r) => r.starts && spread(r.starts.cleanMs),
        '≤ 0.5 s',
      ),
      row(
        'start after `kill -9` of the idle server → first 200, median (range) of 3',
        (r) => r.starts && spread(r.starts.afterKillMs),
        '≤ 0.5 s',
      ),
      row(
        'database on disk (`.db` + `-wal`), × the content (by size, by blocks)',
        (r) =>
          r.database &&
          `${formatBytes(r.database.bytes)} (${[r.content?.bytes, r.content?.allocatedBytes].map((c) => `${formatRatio(r.database!.bytes / (c ?? Number.NaN))}×`).join(', ')})`,
        '≤ 2× the content',
      ),
      row(
        'of which `.db`, `-wal`',
        (r) =>
          r.database && `${formatBytes(r.database.fileBytes)}, ${formatBytes(r.database.walBytes)}`,
      ),
      row(
        'content: the sum of the file sizes, the blocks they take (as `du`)',
        (r) =>
          r.content && `${formatBytes(r.content.bytes)}, ${formatBytes(r.content.allocatedBytes)}`,
      ),
    ],
  );
}

/**
 * The tables and indexes that take the most pages at the largest size, each with its share of
 * the pages dbstat counts; the rest summed in one row, then the free list.
 */
export function databaseSpaceTable(results: readonly ScaleMeasures[], top = 8): string | undefined {
  const measured = results.filter((r) => r.database);
  if (measured.length === 0) return undefined;
  const largest = measured.at(-1)!.database!.objects;
  const names = largest.slice(0, top).map((o) => o.name);
  const cell = (r: ScaleMeasures, bytes: number) => {
    const total = r.database!.objects.reduce((sum, o) => sum + o.bytes, 0);
    return `${formatBytes(bytes)} (${((bytes / total) * 100).toFixed(0)} %)`;
  };
  const bytesOf = (r: ScaleMeasures, name: string) =>
    r.database!.objects.find((o) => o.name === name)?.bytes ?? 0;
  const rest = (r: ScaleMeasures) =>
    r.database!.objects.filter((o) => !names.includes(o.name)).reduce((sum, o) => sum + o.bytes, 0);
  return markdownTable(
    ['table or index (dbstat)', ...measured.map((r) => `${formatCount(r.articles)} articles →`)],
    [
      ...names.map((name) => [`\`${name}\``, ...measured.map((r) => cell(r, bytesOf(r, name)))]),
      ['everything else', ...measured.map((r) => cell(r, rest(r)))],
      ['free pages', ...measured.map((r) => formatBytes(r.database!.freeBytes))],
    ],
  );
}
