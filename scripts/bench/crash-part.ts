import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { requireImportedSite } from './copy-imported-site.js';
import { formatCount, formatMs } from './format.js';
import { markdownTable } from './markdown-table.js';
import type { ReportSection } from './report-section.js';
import { pollUntil } from '../../harness/wait-for.js';
import { sleep } from './sleep.js';
import { startSite, type SiteProcess } from './start-site.js';
import { START_HEADERS, startRow, timeStart } from './time-start.js';

/**
 * Part 9 (issue 10): a first start on a fresh copy of the files is killed with SIGKILL halfway
 * through its import; the server is started again on what that left, then stopped cleanly and
 * started once more.
 */
export async function crashPart(ctx: BenchContext): Promise<ReportSection[]> {
  const imported = requireImportedSite(ctx);
  const n = imported.articles;
  const dir = path.join(ctx.workDir, 'parts', 'crash');
  await fs.mkdir(path.join(dir, 'data'), { recursive: true });
  await fs.cp(ctx.dataset.articlesDir, path.join(dir, 'content'), { recursive: true });
  let site: SiteProcess | undefined;
  try {
    const first = await startSite(ctx, { dir, watch: true });
    site = first;
    // Halfway: half the articles visible (a server that listens while it imports), or half the
    // time a cold start took in the rebuild part (one that imports before listening; the import
    // command's own time when rebuild did not run).
    const killAfterMs = (ctx.coldStartMs ?? imported.importMs) / 2;
    let seen: number | undefined;
    await pollUntil(
      async () => {
        seen = (await first.health().catch(() => undefined))?.articles ?? seen;
        return seen !== undefined && seen >= n / 2;
      },
      killAfterMs - (performance.now() - first.startedAt),
    );
    const killedAt = performance.now() - first.startedAt;
    const halfOf =
      ctx.coldStartMs === undefined ? "the import command's time" : "the rebuild part's cold start";
    await first.kill();
    ctx.log(`  killed the importing server after ${formatMs(killedAt)}`);
    const state =
      seen === undefined
        ? 'it was not answering yet'
        : `/healthz counted ${formatCount(seen)} articles${seen >= n ? ' (the import had already finished: not a mid-import crash)' : ''}`;

    site = await startSite(ctx, { dir, watch: true });
    const afterCrash = await timeStart(site, n);
    await site.stop();
    site = await startSite(ctx, { dir, watch: true });
    const afterStop = await timeStart(site, n);

    // The crash readers meet most: a site being served, killed while it imports a large batch
    // of new files (a folder copied in, or older articles rendered again after an upgrade).
    const extra = Math.min(2000, Math.ceil(n / 5));
    const names = (await fs.readdir(ctx.dataset.articlesDir)).slice(0, extra);
    for (const name of names) {
      const text = await fs.readFile(path.join(ctx.dataset.articlesDir, name), 'utf8');
      await fs.writeFile(path.join(dir, 'content', `bo-sung-${name}`), `${text}\nBản bổ sung.\n`);
    }
    // The batch is imported in one transaction: killed 800 ms after the copy, the server is
    // parsing and storing it (the report says whether it had already finished).
    await sleep(800);
    const counted = (await site.health().catch(() => undefined))?.articles;
    await site.kill();
    site = await startSite(ctx, { dir, watch: true });
    const afterServedCrash = await timeStart(site, n + extra);
    return [
      {
        title: `Restart after a crash: ${formatCount(n)} articles`,
        blocks: [
          markdownTable(START_HEADERS, [
            startRow('after SIGKILL mid-import', afterCrash),
            startRow('after a clean stop (SIGTERM)', afterStop),
            startRow(`after SIGKILL importing ${formatCount(extra)} new files`, afterServedCrash),
          ]),
          `The first start (WATCH=1, fresh copy of the files, empty database) was killed with ` +
            `SIGKILL ${formatMs(killedAt)} after it began (half ${halfOf}); ${state}. Times run ` +
            'from starting the process; "all served" is /healthz counting every article. The last ' +
            `row: the running site was killed 800 ms after ${formatCount(extra)} new files were ` +
            `copied in (it then counted ${counted === undefined ? 'nothing' : formatCount(counted)} ` +
            'articles), and started again on its database. Target (issue 10): first 200 within ' +
            '0.5 s at 10,000 articles.',
        ],
      },
    ];
  } finally {
    await site?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
