import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchRun } from './bench-context.js';
import { buildWithHugo, type HugoBuild } from './build-with-hugo.js';
import { articleLinks } from './discover-urls.js';
import { missingToolNotice } from './find-tools.js';
import { formatCount } from './format.js';
import { generateDataset } from './generate-dataset.js';
import type { Measured } from './measure-command.js';
import { measureEditingRun, type EditingRun } from './measure-editing-run.js';
import { measureStarts, type StartRuns } from './measure-starts.js';
import { readDatabaseSpace, type DatabaseSpace } from './read-database-space.js';
import { readDiskUsage, type DiskUsage } from './read-disk-usage.js';
import { readProcCpuMs } from './read-proc-cpu.js';
import { runImportCommand } from './run-import-command.js';
import { sleep } from './sleep.js';
import type { SiteProcess } from './start-site.js';
import { writeHugoSite } from './write-hugo-site.js';

export const SCALE_ARCHIVE = { years: 25, tagsPerArticle: 2 } as const;
export const SETTLE_MS = 10_000;
export const IDLE_CPU_S = 30;

/** What one archive size measured; a stage that failed leaves its field out and says why. */
export interface ScaleMeasures {
  articles: number;
  /** The articles as written, before the site adds anything to content/. */
  content?: DiskUsage;
  import?: Measured;
  hugo?: HugoBuild & { toTmpfs: boolean };
  database?: DatabaseSpace;
  starts?: Omit<StartRuns, 'site'>;
  idleRssBytes?: number;
  /** utime + stime over the idle window, as a share of one core. */
  idleCpuPercent?: number;
  editing?: EditingRun;
  afterLoadRssBytes?: number;
  problems: string[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Issue 15's measurements on one archive of `n` articles written into `dir`: the import into an
 * empty database beside Hugo's build of the same files, the database's size, starts, the idle
 * server's memory and CPU, and the editing run.
 */
export async function measureScale(run: BenchRun, n: number, dir: string): Promise<ScaleMeasures> {
  const result: ScaleMeasures = { articles: n, problems: [] };
  const failed = (what: string, error: unknown) => {
    result.problems.push(`${what} failed: ${message(error)}`);
    run.log(`  ${what} failed`);
  };
  run.log(`scale ${formatCount(n)}: writing the archive`);
  const dataset = await generateDataset({
    workDir: dir,
    count: n,
    seedFile: run.seedFile,
    corpusDir: run.corpusDir,
    ...SCALE_ARCHIVE,
    sectionFolders: true,
    withExtra: false,
  });
  const contentDir = path.join(dir, 'content');
  await fs.rename(dataset.articlesDir, contentDir);
  await fs.mkdir(path.join(dir, 'data'));
  result.content = await readDiskUsage(contentDir);
  // Linked before the import, which may write files of its own into content/.
  const hugoDir = path.join(dir, 'hugo');
  if (run.tools.hugo) await writeHugoSite(hugoDir, contentDir, { taxonomies: false });

  run.log(`scale ${formatCount(n)}: importing`);
  try {
    result.import = await runImportCommand(run, dir, { timeoutMs: 30 * 60_000 + n * 20 });
  } catch (error) {
    failed('the import', error);
    return result;
  }

  if (!run.tools.hugo) {
    result.problems.push(`Hugo skipped: ${missingToolNotice('hugo')}.`);
  } else {
    run.log(`scale ${formatCount(n)}: hugo --minify`);
    const outDir = path.join(run.tmpfsDir ?? dir, `hugo-${n}`);
    try {
      const build = await buildWithHugo(run, {
        hugoDir,
        destination: path.join(outDir, 'public'),
        cacheDir: path.join(outDir, 'cache'),
      });
      result.hugo = { ...build, toTmpfs: run.tmpfsDir !== undefined };
    } catch (error) {
      failed('the Hugo build', error);
    } finally {
      await fs.rm(outDir, { recursive: true, force: true });
      await fs.rm(hugoDir, { recursive: true, force: true });
    }
  }

  try {
    run.log(`scale ${formatCount(n)}: reading the database's size (dbstat)`);
    result.database = await readDatabaseSpace(
      run.options.siteDir,
      path.join(dir, 'data', 'site.db'),
    );
  } catch (error) {
    failed('dbstat', error);
  }

  let site: SiteProcess | undefined;
  try {
    run.log(`scale ${formatCount(n)}: starts`);
    const { site: running, ...starts } = await measureStarts(run, dir, {
      rounds: 3,
      firstOkTimeoutMs: 120_000 + n * 2,
      settleTimeoutMs: 120_000 + n * 2,
    });
    site = running;
    result.starts = starts;

    await sleep(site.startedAt + starts.cleanMs.at(-1)! + SETTLE_MS - performance.now());
    result.idleRssBytes = (await site.memory())?.rssBytes;
    const windowS = Math.min(IDLE_CPU_S, run.options.scaleLoadS);
    run.log(`scale ${formatCount(n)}: idle CPU over ${windowS} s`);
    const cpuFrom = await readProcCpuMs(site.pid);
    const from = performance.now();
    await sleep(windowS * 1000);
    const cpuTo = await readProcCpuMs(site.pid);
    if (cpuFrom !== undefined && cpuTo !== undefined) {
      result.idleCpuPercent = ((cpuTo - cpuFrom) / (performance.now() - from)) * 100;
    }

    if (!run.tools.wrk) {
      result.problems.push(`The editing run skipped: ${missingToolNotice('wrk')}.`);
      return result;
    }
    const home = await site.client.get('/');
    const articlePath = articleLinks(home.body.toString('utf8'))[0];
    if (home.status !== 200 || !articlePath) throw new Error('no article link on the home page');
    result.editing = await measureEditingRun(run, site, {
      articlePath,
      contentDir,
      loadS: run.options.scaleLoadS,
    });
    result.afterLoadRssBytes = (await site.memory())?.rssBytes;
  } catch (error) {
    failed('the server measurements', error);
  } finally {
    await site?.stop();
  }
  return result;
}
