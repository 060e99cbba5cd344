// `npm run bench`: the site measured from outside, as an operator runs it, beside nginx and Hugo.
// Everything runs on 127.0.0.1 in a temporary folder and stops by itself; see `--help`.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, BenchRun } from './bench/bench-context.js';
import { burstPart } from './bench/burst-part.js';
import { copyUnderLoadPart } from './bench/copy-under-load-part.js';
import { crashPart } from './bench/crash-part.js';
import { createProcessGroups, type ProcessGroups } from './bench/create-process-groups.js';
import { describeMachine } from './bench/describe-machine.js';
import { dropToPagePart } from './bench/drop-to-page-part.js';
import { findTools, missingToolNotice, type Tools } from './bench/find-tools.js';
import { formatCount, formatMs } from './bench/format.js';
import { generateDataset } from './bench/generate-dataset.js';
import { importArchive } from './bench/import-archive.js';
import { importPart } from './bench/import-part.js';
import type { Measured } from './bench/measure-command.js';
import { pagesPart } from './bench/pages-part.js';
import {
  BenchOptionsError,
  parseBenchOptions,
  USAGE,
  type PartName,
} from './bench/parse-bench-options.js';
import { proxyCachePart } from './bench/proxy-cache-part.js';
import { rebuildPart } from './bench/rebuild-part.js';
import { renderPart } from './bench/render-part.js';
import { PartSkipped, renderSection, type ReportSection } from './bench/report-section.js';
import { scalePart } from './bench/scale-part.js';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const SEED_FILE = path.join(PROJECT_ROOT, 'content/huyen-uy-pac-nam-bam-sat-thuc-tien.txt');

interface Part {
  /** The --only names that run it. */
  names: PartName[];
  title: string;
  run(ctx: BenchContext): Promise<ReportSection[]>;
}

// In this order: the page load first, while the machine is fresh; the parts that write files or
// kill servers last.
const PARTS: Part[] = [
  {
    names: ['pages', 'memory'],
    title: 'Pages under load',
    run: (ctx) => pagesPart(ctx, { reportPages: ctx.options.only.has('pages') }),
  },
  { names: ['render'], title: 'Render time with the page cache off', run: renderPart },
  { names: ['proxy'], title: "Through nginx's proxy cache", run: proxyCachePart },
  { names: ['copy'], title: 'Copy under load', run: copyUnderLoadPart },
  { names: ['burst'], title: 'Burst under load', run: burstPart },
  { names: ['drop'], title: 'Drop to page', run: dropToPagePart },
  // Rebuild before crash: its cold start tells the crash part when "halfway" is.
  { names: ['rebuild'], title: 'Rebuild', run: rebuildPart },
  { names: ['crash'], title: 'Restart after a crash', run: crashPart },
];

const log = (message: string) => process.stderr.write(`${message}\n`);

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function buildSite(processes: ProcessGroups, siteDir: string): Promise<void> {
  log(`building ${siteDir} (npm run build)`);
  const build = processes.spawn('npm', ['run', 'build'], { cwd: siteDir });
  const guard = setTimeout(() => build.signal('SIGKILL'), 10 * 60_000);
  const status = await build.exited;
  clearTimeout(guard);
  if (status.code !== 0) throw new Error(`npm run build failed in ${siteDir}:\n${build.output()}`);
  for (const file of ['dist/src/server.js', 'dist/src/cli/import.js']) {
    if (!(await exists(path.join(siteDir, file)))) throw new Error(`the build left no ${file}`);
  }
}

async function findCorpus(): Promise<string | undefined> {
  const dir = process.env.BENCH_CORPUS ?? path.resolve(PROJECT_ROOT, '../shared/corpus/vi-news');
  const names = await fs.readdir(dir).catch(() => []);
  if (names.some((n) => n.endsWith('.txt'))) return dir;
  log(`no corpus in ${dir}: the articles are generated text`);
  return undefined;
}

function failureSection(title: string, error: unknown): ReportSection {
  if (error instanceof PartSkipped) return { title, blocks: [`Skipped: ${error.message}.`] };
  const message = error instanceof Error ? error.message : String(error);
  return { title, blocks: [`Failed: ${message.replace(/\n/g, '\n    ')}`] };
}

const pad = (n: number) => String(n).padStart(2, '0');
function stamp(date: Date) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return {
    human: `${day} ${time} (UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)})`,
    file: `${day}-${time.replace(':', '')}${pad(date.getSeconds())}`,
  };
}

function toolNotices(tools: Tools): string[] {
  return (['wrk', 'nginx', 'hugo'] as const)
    .filter((t) => !tools[t])
    .map((t) => {
      const what = {
        wrk: 'the page loads',
        nginx: 'the nginx comparisons',
        hugo: 'the Hugo build',
      }[t];
      return `${missingToolNotice(t)}: ${what} are skipped.`;
    });
}

type Emit = (section: ReportSection) => void;

async function runPart(title: string, emit: Emit, run: () => Promise<ReportSection[]>) {
  log(`${title}…`);
  const from = performance.now();
  try {
    for (const section of await run()) emit(section);
  } catch (error) {
    emit(failureSection(title, error));
  }
  log(`${title}: ${formatMs(performance.now() - from)}`);
}

/**
 * The archive of --articles that every part but scale shares: written, imported, then each
 * part that asked for it. Returns the report's line about that archive.
 */
async function runSharedParts(run: BenchRun, emit: Emit): Promise<string> {
  const { options } = run;
  const generatedFrom = performance.now();
  log(`writing ${formatCount(options.articles)} articles`);
  const dataset = await generateDataset({
    workDir: run.workDir,
    count: options.articles,
    seedFile: run.seedFile,
    corpusDir: run.corpusDir,
  });
  const generatedMs = performance.now() - generatedFrom;
  const ctx: BenchContext = { ...run, dataset, importedSite: undefined, coldStartMs: undefined };

  let imported: Measured | Error;
  try {
    const result = await importArchive(ctx);
    ctx.importedSite = result;
    imported = result;
  } catch (error) {
    imported = error instanceof Error ? error : new Error(String(error));
  }
  if (options.only.has('import')) {
    emit(await importPart(ctx, imported).catch((e: unknown) => failureSection('Import', e)));
  } else if (imported instanceof Error) {
    emit(failureSection('Import', imported));
  }
  for (const part of PARTS) {
    if (part.names.some((name) => options.only.has(name))) {
      await runPart(part.title, emit, () => part.run(ctx));
    }
  }

  const source =
    dataset.source === 'corpus'
      ? `the district report and the ${formatCount(dataset.extraCount)} corpus articles, cycled with varied titles`
      : 'the district report and generated Vietnamese text (no corpus found)';
  return (
    `Data: ${formatCount(dataset.count)} Markdown articles with front matter from ${source}; ` +
    'dates spread over five years, 8 sections, tags from a pool of 30, 12 authors; written in ' +
    `${formatMs(generatedMs)}.`
  );
}

async function main(
  processes: ProcessGroups,
  workDir: string,
  tmpfsDir: string | undefined,
): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), {
    cwd: process.env.INIT_CWD ?? process.cwd(),
    projectRoot: PROJECT_ROOT,
  });
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const started = new Date();
  const tools = await findTools();
  for (const notice of toolNotices(tools)) log(notice);
  await buildSite(processes, options.siteDir);

  const run: BenchRun = {
    options,
    tools,
    projectRoot: PROJECT_ROOT,
    workDir,
    tmpfsDir,
    corpusDir: await findCorpus(),
    seedFile: (await exists(SEED_FILE)) ? SEED_FILE : undefined,
    processes,
    log,
  };
  const sections: ReportSection[] = [];
  const emit = (section: ReportSection) => {
    sections.push(section);
    console.log(`\n${renderSection(section)}\n`);
  };

  const shared =
    options.only.has('import') || PARTS.some((p) => p.names.some((n) => options.only.has(n)));
  const dataLine = shared ? await runSharedParts(run, emit) : undefined;
  // Last: it writes the largest archives, and needs nothing the others leave.
  if (options.only.has('scale')) await runPart('Archive scale', emit, () => scalePart(run));

  const when = stamp(started);
  const args = process.argv.slice(2);
  const command = args.length > 0 ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
  const sizes = [
    ...(shared ? [formatCount(options.articles)] : []),
    ...(options.only.has('scale')
      ? [`scale part: ${options.scaleSizes.map(formatCount).join(', ')}`]
      : []),
  ];
  const report = [
    `# Benchmark, ${when.human}`,
    await describeMachine(tools, options.siteDir, sizes.join('; ')),
    [dataLine, `Command: \`${command}\`.`].filter(Boolean).join(' '),
    ...toolNotices(tools),
    ...sections.map(renderSection),
  ].join('\n\n');
  const out = path.join(PROJECT_ROOT, 'artifacts', 'bench', `${when.file}.md`);
  await fs.mkdir(path.dirname(out), { recursive: true });
  await fs.writeFile(out, `${report}\n`);
  log(`\nreport written to ${path.relative(process.cwd(), out)}`);
}

/** Owns what the run creates: its processes and its temporary folder, both gone at the end. */
async function run(): Promise<void> {
  const processes = createProcessGroups();
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-bench-'));
  // nginx's worker drops root privileges; it must be able to read its files in here.
  await fs.chmod(workDir, 0o755);
  // Where there is no /dev/shm (or it is not writable), output that wants memory goes to disk.
  const tmpfsDir = await fs.mkdtemp(path.join('/dev/shm', 'tin-bench-')).catch(() => undefined);
  const keep = process.argv.includes('--keep');
  const cleanUp = async () => {
    await processes.stopAll();
    // Memory, not disk: never kept.
    if (tmpfsDir) await fs.rm(tmpfsDir, { recursive: true, force: true });
    if (keep) log(`kept ${workDir}`);
    else await fs.rm(workDir, { recursive: true, force: true });
  };
  // Ctrl-C or a kill: every process this run started goes too, and its temporary folder.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping`);
      void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  process.once('exit', () => processes.killAllNow());

  try {
    await main(processes, workDir, tmpfsDir);
  } catch (error) {
    process.exitCode = 1;
    if (error instanceof BenchOptionsError) log(error.message);
    else log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  } finally {
    await cleanUp();
  }
}

await run();
