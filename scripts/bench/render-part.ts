import fs from 'node:fs/promises';
import type { BenchContext } from './bench-context.js';
import { copyImportedSite, requireImportedSite } from './copy-imported-site.js';
import { discoverUrls } from './discover-urls.js';
import { formatBytes, formatCount, formatMs } from './format.js';
import { markdownTable } from './markdown-table.js';
import type { ReportSection } from './report-section.js';
import { startSite } from './start-site.js';
import { percentile } from './percentile.js';

const MAX_REQUESTS = 500;
const WARM_UP = 5;
const GZIP = { 'Accept-Encoding': 'gzip' };

/**
 * Part 4: what a miss costs. A server with the page cache off (`PAGE_CACHE_MB=0`), one
 * keep-alive connection, requests one after another, so each figure is one page's own render
 * time with nothing queued in front of it.
 */
export async function renderPart(ctx: BenchContext): Promise<ReportSection[]> {
  const imported = requireImportedSite(ctx);
  const dir = await copyImportedSite(ctx, 'render');
  const site = await startSite(ctx, { dir, watch: true, pageCacheMb: 0 });
  try {
    await site.waitForArticles(imported.articles, 120_000 + imported.articles * 20);
    const urls = await discoverUrls(site.client, ctx.dataset.searchQuery);
    const types: { name: string; paths: string[] }[] = [
      { name: 'article (distinct ones)', paths: urls.articles },
      { name: 'home', paths: [urls.home] },
      { name: 'deep listing', paths: [urls.deepListing] },
      { name: 'section', paths: [urls.section] },
      { name: 'tag', paths: [urls.tag] },
      { name: 'author', paths: [urls.author] },
      { name: 'search', paths: [urls.search] },
      { name: 'RSS', paths: [urls.rss] },
    ];
    const budgetMs = Math.max(5, ctx.options.durationS * 2) * 1000;
    const rows: string[][] = [];
    for (const type of types) {
      ctx.log(`  render time: ${type.name}`);
      for (let i = 0; i < WARM_UP; i++) await site.client.get(urls.article, GZIP);
      const times: number[] = [];
      let failures = 0;
      const statuses = new Set<number>();
      const start = performance.now();
      while (times.length + failures < MAX_REQUESTS && performance.now() - start < budgetMs) {
        const pathname = type.paths[(times.length + failures) % type.paths.length]!;
        const response = await site.client.get(pathname, GZIP);
        if (response.status === 200) {
          times.push(response.ms);
        } else {
          failures++;
          statuses.add(response.status);
        }
      }
      const shown = type.paths.length > 1 ? `${type.paths.length} URLs` : `\`${type.paths[0]}\``;
      rows.push([
        type.name,
        shown,
        formatCount(times.length),
        formatMs(percentile(times, 50)),
        formatMs(percentile(times, 90)),
        formatCount(failures) + (statuses.size > 0 ? ` (${[...statuses].join(', ')})` : ''),
      ]);
    }
    const memory = await site.memory();
    return [
      {
        title: `Render time with the page cache off (PAGE_CACHE_MB=0), ${formatCount(imported.articles)} articles`,
        blocks: [
          markdownTable(['page', 'URL', 'requests →', 'median →', 'p90 →', 'not 200 →'], rows),
          `Sequential GETs with \`Accept-Encoding: gzip\` over one keep-alive connection, up to ` +
            `${MAX_REQUESTS} per page type or ${budgetMs / 1000} s, after ${WARM_UP} warm-up ` +
            'requests; time to the last byte, as the client sees it. Articles are distinct pages ' +
            'spread over the archive, so none is served twice. Target (issue 8): ≤ 2 ms median for ' +
            `article, home and listing pages. This server's RSS afterwards: ` +
            `${formatBytes(memory?.rssBytes)} (peak ${formatBytes(memory?.peakBytes)}).`,
        ],
      },
    ];
  } finally {
    await site.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
