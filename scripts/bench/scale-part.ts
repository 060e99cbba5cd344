import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchRun } from './bench-context.js';
import { formatCount, formatMs, formatRatio } from './format.js';
import { EDITING_RUN } from './measure-editing-run.js';
import {
  IDLE_CPU_S,
  measureScale,
  SCALE_ARCHIVE,
  SETTLE_MS,
  type ScaleMeasures,
} from './measure-scale.js';
import type { ReportSection } from './report-section.js';
import { databaseSpaceTable, scaleTable } from './scale-tables.js';

const sizesText = (sizes: readonly number[]) => sizes.map(formatCount).join(' and ');

/**
 * Issue 15's table at every --scale-sizes in one run, each on a fresh archive of its own. One
 * size's folder (up to 100,000 files and a database of gigabytes) is deleted before the next is
 * written; with --keep the last one stays.
 */
export async function scalePart(run: BenchRun): Promise<ReportSection[]> {
  const { scaleSizes: sizes, scaleLoadS: loadS } = run.options;
  const results: ScaleMeasures[] = [];
  for (const [i, n] of sizes.entries()) {
    const dir = path.join(run.workDir, `scale-${n}`);
    await fs.rm(dir, { recursive: true, force: true });
    const from = performance.now();
    try {
      results.push(await measureScale(run, n, dir));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ articles: n, problems: [`the archive could not be written: ${message}`] });
    } finally {
      if (!(run.options.keep && i === sizes.length - 1)) {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }
    run.log(`scale ${formatCount(n)}: ${formatMs(performance.now() - from)}`);
  }

  const hugo = run.tools.hugo ? `Hugo ${run.tools.hugo.version}` : 'Hugo';
  const database = databaseSpaceTable(results);
  const problems = results.flatMap((r) =>
    r.problems.map((p) => `At ${formatCount(r.articles)} articles: ${p}`),
  );
  const wrkTrouble = results.flatMap((r) =>
    r.editing
      ? r.editing.rounds
          .flatMap((round) => [round.quiet, round.withSaves])
          .filter((w) => w.non2xx + w.errors > 0)
          .map(
            (w) =>
              `At ${formatCount(r.articles)} articles wrk counted ${w.non2xx} answers other ` +
              `than 2xx or 3xx and ${w.errors} socket errors in one load.`,
          )
      : [],
  );
  // Each round's two loads, so a reader can see how far the rounds agree.
  const roundsText = results.flatMap((r) =>
    r.editing
      ? [
          `The editing run's rounds at ${formatCount(r.articles)} articles, req/s with no saves → ` +
            'with saves (×): ' +
            r.editing.rounds
              .map(
                ({ quiet, withSaves }) =>
                  `${formatCount(quiet.requestsPerSecond)} → ` +
                  `${formatCount(withSaves.requestsPerSecond)} ` +
                  `(${formatRatio(withSaves.requestsPerSecond / quiet.requestsPerSecond)}×)`,
              )
              .join('; ') +
            '.',
        ]
      : [],
  );
  return [
    {
      title: `Archive scale: ${sizesText(sizes)} articles (issue 15)`,
      blocks: [
        scaleTable(results),
        `Each size is an archive of its own: Markdown files with front matter (title, date, ` +
          `${SCALE_ARCHIVE.tagsPerArticle} tags, an author), the district report and the corpus ` +
          `cycled under varied titles, in the 8 section folders, dated over ` +
          `${SCALE_ARCHIVE.years} years; the same options write the same bytes. ` +
          '`node dist/src/cli/import.js` imports it into an empty database; ' +
          `${hugo} builds the very same files (hard links) with \`--minify\`, tag pages off ` +
          '(`disableKinds = ["taxonomy", "term"]`), into tmpfs (/dev/shm). Peak RSS is VmHWM ' +
          'from /proc, polled every 20 ms. The database is measured after the import, the ' +
          'server stopped; the content is the articles as written, by the sum of their sizes ' +
          'and by the file system blocks they take (what `du` shows). Starts (WATCH=1, the ' +
          'default page cache) run from spawning `node dist/src/server.js` to the first 200 of ' +
          '`/`: the first start after the import and two after a SIGTERM; three after a ' +
          '`kill -9` of the running server, each kill once the server has been idle (under 10 % ' +
          `of a core) for a second. Memory is VmRSS ${SETTLE_MS / 1000} s after the last clean ` +
          "start's first 200, then after the editing run; CPU is utime + stime from " +
          `/proc/<pid>/stat over the ${Math.min(IDLE_CPU_S, loadS)} s that follow, with no ` +
          'readers and no edits.',
        `The editing run: \`wrk -t1 -c${EDITING_RUN.connections} --latency\` on one article ` +
          `page (the first the home page links to) for ${loadS} s with no saves and ${loadS} s ` +
          `while ${EDITING_RUN.saves} new Markdown files are saved into ` +
          `\`${EDITING_RUN.folder}/\`, in ${EDITING_RUN.rounds} rounds of a load with no saves ` +
          'then one with saves, so that a slow minute of the machine touches both alike. In ' +
          `each load with saves a file is saved every ${EDITING_RUN.saveIntervalMs / 1000} s ` +
          `from ${EDITING_RUN.saveIntervalMs / 1000} s into the load, each written in place under ` +
          "its own name (no temporary file: an editor's save). Each is timed from the start of " +
          'its write to the first answer of `/` that shows its title; `/` is read on a keep-alive ' +
          'connection of its own every 20 ms, during every load. The ratio is the median of ' +
          "the rounds' ratios, each load with saves ÷ the load before it; latency is the worst " +
          "round's p90 and p99 and the slowest answer of all." +
          (loadS === 40 ? '' : ` The issue fixes 40 s; this run used ${loadS} s.`),
        ...roundsText,
        ...(database
          ? [
              database,
              "What takes the database's pages, from SQLite's dbstat virtual table (`SELECT name, " +
                'sum(pgsize) FROM dbstat GROUP BY name`), read-only, after the import; the share ' +
                'is of all the pages dbstat counts.',
            ]
          : []),
        ...problems,
        ...wrkTrouble,
      ],
    },
  ];
}
