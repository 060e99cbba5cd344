import fs from 'node:fs/promises';
import type { BenchContext } from './bench-context.js';
import { copyImportedSite, requireImportedSite } from './copy-imported-site.js';
import { discoverUrls } from './discover-urls.js';
import { missingToolNotice } from './find-tools.js';
import { formatBytes, formatCount } from './format.js';
import { describeLoads, loadInRounds, loadTable, type LoadTarget } from './load-in-rounds.js';
import { markdownTable } from './markdown-table.js';
import { PartSkipped, type ReportSection } from './report-section.js';
import { startStaticNginx, type StaticNginx } from '../../harness/start-static-nginx.js';
import { nginxInRun } from './nginx-in-run.js';
import { startSite } from './start-site.js';

/**
 * Parts 3 and 5: the site under wrk beside nginx serving the same article bytes, then the
 * site's memory after that load.
 */
export async function pagesPart(
  ctx: BenchContext,
  { reportPages }: { reportPages: boolean },
): Promise<ReportSection[]> {
  if (!ctx.tools.wrk) throw new PartSkipped(`${missingToolNotice('wrk')}: no page load`);
  const imported = requireImportedSite(ctx);
  const dir = await copyImportedSite(ctx, 'pages');
  const site = await startSite(ctx, { dir, watch: true });
  let nginx: StaticNginx | undefined;
  const notes: string[] = [];
  try {
    await site.waitForArticles(imported.articles, 120_000 + imported.articles * 20);
    const urls = await discoverUrls(site.client, ctx.dataset.searchQuery);
    const articleBody = (await site.client.get(urls.article)).body;

    const targets: LoadTarget[] = [];
    if (ctx.tools.nginx) {
      nginx = await startStaticNginx(urls.article, articleBody, nginxInRun(ctx, 'nginx-static'));
      targets.push({
        name: 'nginx, the article as a file',
        url: nginx.url + urls.article,
        reference: true,
      });
    } else {
      notes.push(`nginx skipped: ${missingToolNotice('nginx')}; no ratios.`);
    }
    const page = (name: string, pathname: string) => ({ name, url: site.url + pathname });
    targets.push(
      page('article (cache hit)', urls.article),
      page('home', urls.home),
      page('deep listing', urls.deepListing),
      page('section', urls.section),
      page(`search "${ctx.dataset.searchQuery}"`, urls.search),
      page('RSS', urls.rss),
    );
    ctx.log(
      `page load: ${targets.length} URLs × 2 encodings × ${ctx.options.rounds} round(s) × ${ctx.options.durationS} s`,
    );
    const rows = await loadInRounds(ctx, targets);
    const memory = await site.memory();

    const sections: ReportSection[] = [];
    if (reportPages) {
      sections.push({
        title: `Pages under load: ${formatCount(imported.articles)} articles, default page cache`,
        blocks: [
          loadTable(rows),
          `${describeLoads(ctx)} Targets (issue 8): article and home ≥ 0.30× nginx; search ≥ ` +
            `300 req/s. The search words are both in ${formatCount(ctx.dataset.searchMatches)} ` +
            'articles once folded.',
          ...notes,
        ],
      });
    }
    sections.push({
      title: 'Memory: the site after the page load',
      blocks: [
        markdownTable(
          ['server', 'RSS →', 'peak RSS →'],
          [
            [
              'default page cache, WATCH=1',
              formatBytes(memory?.rssBytes),
              formatBytes(memory?.peakBytes),
            ],
          ],
        ),
        'VmRSS and VmHWM of the server process from /proc. Target (issue 8): under 300 MB at ' +
          '10,000 articles.',
      ],
    });
    return sections;
  } finally {
    await nginx?.stop();
    await site.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
