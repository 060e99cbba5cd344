import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { requireImportedSite } from './copy-imported-site.js';
import { formatCount, formatMs } from './format.js';
import { markdownTable } from './markdown-table.js';
import type { ReportSection } from './report-section.js';
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
    site = await startSite(ctx, { dir, watch: true });
    // Halfway: half the articles visible (a server that listens while it imports), or half the
    // time a cold start took in the rebuild part (one that imports before listening; the import
    // command's own time when rebuild did not run).
    const killAfterMs = (ctx.coldStartMs ?? imported.importMs) / 2;
    let seen: number | undefined;
    while (performance.now() - site.startedAt < killAfterMs) {
      seen = (await site.health().catch(() => undefined))?.articles ?? seen;
      if (seen !== undefined && seen >= n / 2) break;
      await sleep(20);
    }
    const killedAt = performance.now() - site.startedAt;
    const halfOf =
      ctx.coldStartMs === undefined ? "the import command's time" : "the rebuild part's cold start";
    await site.kill();
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
    return [
      {
        title: `Restart after a crash: ${formatCount(n)} articles`,
        blocks: [
          markdownTable(START_HEADERS, [
            startRow('after SIGKILL mid-import', afterCrash),
            startRow('after a clean stop (SIGTERM)', afterStop),
          ]),
          `The first start (WATCH=1, fresh copy of the files, empty database) was killed with ` +
            `SIGKILL ${formatMs(killedAt)} after it began (half ${halfOf}); ${state}. Times run ` +
            'from starting the process; "all served" is /healthz counting every article. Target ' +
            '(issue 10): first 200 within 0.5 s at 10,000 articles.',
        ],
      },
    ];
  } finally {
    await site?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
