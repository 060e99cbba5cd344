import fs from 'node:fs/promises';
import path from 'node:path';
import { pollUntil } from '../../harness/wait-for.js';
import type { BenchContext } from './bench-context.js';
import { copyImportedSite, requireImportedSite } from './copy-imported-site.js';
import { discoverUrls } from './discover-urls.js';
import { formatCount, formatMs } from './format.js';
import type { ReportSection } from './report-section.js';
import { startSite } from './start-site.js';
import { sleep } from './sleep.js';
import {
  loadSummaryTable,
  startSteadyLoad,
  STEADY_LOAD_NOTE,
  summarizeLoad,
} from './start-steady-load.js';

/**
 * Part 6: page loads while the 2,000 files are copied into the running site's folder with
 * `cp -r`, and the time until /healthz counts them all.
 */
export async function copyUnderLoadPart(ctx: BenchContext): Promise<ReportSection[]> {
  const imported = requireImportedSite(ctx);
  const { extraDir, extraCount } = ctx.dataset;
  const dir = await copyImportedSite(ctx, 'copy');
  const site = await startSite(ctx, { dir, watch: true });
  try {
    await site.waitForArticles(imported.articles, 120_000 + imported.articles * 20);
    const urls = await discoverUrls(site.client, ctx.dataset.searchQuery);
    const health = await site.health();
    const before = { articles: health.articles ?? 0, rejected: health.rejectedFiles ?? 0 };
    const load = startSteadyLoad(site.url, [urls.home, urls.article]);
    try {
      const quietFrom = performance.now();
      await sleep(Math.max(3, ctx.options.durationS) * 1000);
      const copyFrom = performance.now();
      ctx.log(`  copying ${formatCount(extraCount)} files into the running site`);
      const cp = ctx.processes.spawn('cp', ['-r', `${extraDir}/.`, path.join(dir, 'content')], {
        cwd: dir,
      });
      const copied = await cp.exited;
      if (copied.code !== 0) throw new Error(`cp failed: ${cp.output()}`);
      const copyEnd = performance.now();
      // Done when every copied file is either published or rejected, so a file the site refuses
      // is reported instead of holding the part until its timeout.
      let settled = { published: 0, rejected: 0 };
      let publishedAt = performance.now();
      const settledMs = await pollUntil(
        async () => {
          const health = await site.health().catch(() => undefined);
          publishedAt = performance.now();
          if (health?.articles !== undefined) {
            settled = {
              published: health.articles - before.articles,
              rejected: (health.rejectedFiles ?? 0) - before.rejected,
            };
          }
          return settled.published + settled.rejected >= extraCount;
        },
        300_000 + extraCount * 100,
      );
      if (settledMs === undefined) {
        const waited = formatMs(performance.now() - copyFrom);
        throw new Error(`${settled.published} of ${extraCount} files published after ${waited}`);
      }
      await load.stop();
      const samples = load.samples();
      return [
        {
          title: `Copy under load: ${formatCount(extraCount)} files into a running site of ${formatCount(imported.articles)}`,
          blocks: [
            loadSummaryTable([
              ['before the copy', summarizeLoad(samples, quietFrom, copyFrom)],
              ['copy → all published', summarizeLoad(samples, copyFrom, publishedAt)],
            ]),
            `${formatCount(settled.published)} of the ${formatCount(extraCount)} files published` +
              `${settled.rejected > 0 ? ` (${formatCount(settled.rejected)} rejected)` : ''} ` +
              `**${formatMs(publishedAt - copyFrom)}** after the copy began, as /healthz counts ` +
              `them; \`cp -r\` itself took ${formatMs(copyEnd - copyFrom)}. ${STEADY_LOAD_NOTE} ` +
              'Target (issue 8): p99 ≤ 50 ms during the copy.',
          ],
        },
      ];
    } finally {
      await load.stop();
    }
  } finally {
    await site.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
