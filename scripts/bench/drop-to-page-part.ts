import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { copyImportedSite, requireImportedSite } from './copy-imported-site.js';
import { formatCount, formatMs } from './format.js';
import { markdownTable } from './markdown-table.js';
import type { ReportSection } from './report-section.js';
import { startSite } from './start-site.js';
import { percentile } from './percentile.js';
import { verifyArticlePages } from './verify-article-pages.js';
import { watchPublished } from './watch-published.js';

const FILES = 20;
const TIMEOUT_S = 30;

/**
 * Part 8: the benchmark's first measure, kept: 20 files dropped one at a time, each waited for
 * before the next, now into the full archive instead of a one-article site.
 */
export async function dropToPagePart(ctx: BenchContext): Promise<ReportSection[]> {
  const imported = requireImportedSite(ctx);
  const dir = await copyImportedSite(ctx, 'drop');
  const site = await startSite(ctx, { dir, watch: true });
  try {
    await site.waitForArticles(imported.articles, 120_000 + imported.articles * 20);
    let count = (await site.health()).articles ?? imported.articles;
    const delays: number[] = [];
    let ok = 0;
    for (let n = 1; n <= FILES; n++) {
      const start = performance.now();
      // As the benchmark always wrote them: a plain-text file, title and one paragraph.
      await fs.writeFile(path.join(dir, 'content', `bai-${n}.txt`), `Bài đo số ${n}\n\nMở đầu.\n`);
      const [at] = await watchPublished(site, {
        from: count,
        count: 1,
        timeoutMs: TIMEOUT_S * 1000,
      });
      if (at === undefined) throw new Error(`bai-${n}.txt was not published within ${TIMEOUT_S} s`);
      delays.push(at - start);
      count++;
      ok += (await verifyArticlePages(site.client, [`bai-do-so-${n}`], 1)).ok;
    }
    return [
      {
        title: `Drop to page: ${FILES} files, one at a time, into a site of ${formatCount(imported.articles)}`,
        blocks: [
          markdownTable(
            ['median →', 'p90 →', 'worst →', 'pages answering 200 →'],
            [
              [
                formatMs(percentile(delays, 50)),
                formatMs(percentile(delays, 90)),
                formatMs(Math.max(...delays)),
                `${ok} / ${FILES}`,
              ],
            ],
          ),
          'From writing the file to the /healthz answer that first counts it (polled 10 ms apart, ' +
            'never cached); then the page, found on the home page, is fetched. No other load.',
        ],
      },
    ];
  } finally {
    await site.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
