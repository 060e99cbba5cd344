import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { copyImportedSite, requireImportedSite } from './copy-imported-site.js';
import { discoverUrls } from './discover-urls.js';
import { formatCount, formatMs } from './format.js';
import { SECTIONS } from './generate-dataset.js';
import { markdownArticle, vietnamDate } from './markdown-article.js';
import { markdownTable } from './markdown-table.js';
import type { ReportSection } from './report-section.js';
import { startSite } from './start-site.js';
import { percentile } from './percentile.js';
import { sleep } from './sleep.js';
import {
  loadSummaryTable,
  startSteadyLoad,
  STEADY_LOAD_NOTE,
  summarizeLoad,
} from './start-steady-load.js';
import { verifyArticlePages } from './verify-article-pages.js';
import { watchPublished } from './watch-published.js';

const BURST = 50;
const TIMEOUT_S = 120;
const HOME_PAGE_SIZE_AT_LEAST = 10;

/**
 * Part 7 (issue 10): 50 files written at once into a site under steady page load; for each,
 * the time from the burst to its publication. Each file names its URL word (`slug:`) so its page
 * can be found and checked afterwards.
 */
export async function burstPart(ctx: BenchContext): Promise<ReportSection[]> {
  const imported = requireImportedSite(ctx);
  const dir = await copyImportedSite(ctx, 'burst');
  const site = await startSite(ctx, { dir, watch: true });
  try {
    await site.waitForArticles(imported.articles, 120_000 + imported.articles * 20);
    const urls = await discoverUrls(site.client, ctx.dataset.searchQuery);
    const load = startSteadyLoad(site.url, [urls.home, urls.article]);
    try {
      await sleep(2000);
      const before = (await site.health()).articles ?? imported.articles;
      // Newer than anything in the archive and in the past, so they lead the home page at once.
      const now = Date.now();
      const files = Array.from({ length: BURST }, (_, i) => ({
        slug: `tin-nhanh-${i + 1}`,
        text: markdownArticle({
          title: `Tin nhanh số ${i + 1}: mưa lớn gây sạt lở trên tuyến đường liên xã`,
          date: vietnamDate(now - 60_000 - i * 1000),
          section: SECTIONS[i % SECTIONS.length]!,
          tags: ['thiên tai', 'giao thông'],
          author: 'Phóng viên thường trú',
          slug: `tin-nhanh-${i + 1}`,
          paragraphs: [
            `Mưa lớn kéo dài từ đêm qua gây sạt lở tại điểm số ${i + 1} trên tuyến đường liên xã.`,
            'Lực lượng chức năng đã có mặt để khắc phục, bảo đảm giao thông thông suốt.',
          ],
        }),
      }));
      ctx.log(`  writing ${BURST} files at once`);
      const burstFrom = performance.now();
      await Promise.all(
        files.map((f) => fs.writeFile(path.join(dir, 'content', `${f.slug}.md`), f.text)),
      );
      const written = performance.now();
      const times = await watchPublished(site, {
        from: before,
        count: BURST,
        timeoutMs: TIMEOUT_S * 1000,
      });
      const doneAt = times.at(-1) ?? performance.now();
      await load.stop();
      const delays = times.map((t) => t - burstFrom);
      const pages = Math.ceil(BURST / HOME_PAGE_SIZE_AT_LEAST) + 1;
      const verified = await verifyArticlePages(
        site.client,
        files.map((f) => f.slug),
        pages,
      );
      const complete = times.length === BURST;
      return [
        {
          title: `Burst under load: ${BURST} files at once into a site of ${formatCount(imported.articles)}`,
          blocks: [
            markdownTable(
              ['published →', 'p50 →', 'p95 →', 'max →', 'pages answering 200 →'],
              [
                [
                  `${times.length} / ${BURST}${complete ? '' : ` (timed out after ${TIMEOUT_S} s)`}`,
                  formatMs(percentile(delays, 50)),
                  formatMs(percentile(delays, 95)),
                  formatMs(Math.max(...delays)),
                  `${verified.ok} / ${BURST}`,
                ],
              ],
            ),
            loadSummaryTable([
              ['burst → all published', summarizeLoad(load.samples(), burstFrom, doneAt)],
            ]),
            `Times run from the first write of the burst (all ${BURST} writes took ` +
              `${formatMs(written - burstFrom)}) to the /healthz answer that first counted each new ` +
              'article; /healthz is polled back to back, 10 ms apart, and is never cached. Each file ' +
              'has its own `slug:`; afterwards its URL is read from the home pages and its page ' +
              `fetched. ${STEADY_LOAD_NOTE} Target (issue 10): p95 ≤ 1 s.`,
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
