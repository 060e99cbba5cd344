import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { buildWithHugo, type HugoBuild } from './build-with-hugo.js';
import { missingToolNotice } from './find-tools.js';
import { formatBytes, formatCount, formatMs, formatRatio } from './format.js';
import { markdownTable } from './markdown-table.js';
import type { Measured } from './measure-command.js';
import type { ReportSection } from './report-section.js';
import { writeHugoSite } from './write-hugo-site.js';

/** Part 2: the import beside `hugo --minify` on the very same files. */
export async function importPart(
  ctx: BenchContext,
  imported: Measured | Error,
): Promise<ReportSection> {
  const blocks: string[] = [];
  const rows: string[][] = [];
  const n = ctx.dataset.count;
  const perSecond = (ms: number) => formatCount((n / ms) * 1000);
  if (imported instanceof Error) {
    blocks.push(`The import failed: ${imported.message}`);
  } else {
    rows.push([
      'site: `node dist/src/cli/import.js`, empty database',
      formatMs(imported.ms),
      perSecond(imported.ms),
      formatBytes(imported.peakBytes),
    ]);
  }

  let hugo: HugoBuild | undefined;
  if (!ctx.tools.hugo) {
    blocks.push(`Hugo skipped: ${missingToolNotice('hugo')}.`);
  } else {
    const hugoDir = path.join(ctx.workDir, 'hugo');
    await writeHugoSite(hugoDir, ctx.dataset.articlesDir);
    ctx.log('building the same articles with hugo --minify');
    try {
      hugo = await buildWithHugo(ctx, {
        hugoDir,
        destination: path.join(hugoDir, 'public'),
        cacheDir: path.join(ctx.workDir, 'hugo-cache'),
      });
      rows.push([
        `hugo ${ctx.tools.hugo.version} \`--minify\` (${formatCount(hugo.htmlFiles)} HTML files)`,
        formatMs(hugo.ms),
        perSecond(hugo.ms),
        formatBytes(hugo.peakBytes),
      ]);
    } catch (error) {
      blocks.push(`Hugo failed: ${(error as Error).message}`);
    }
  }
  if (hugo && !(imported instanceof Error)) {
    rows.push([
      'site ÷ hugo',
      `${formatRatio(imported.ms / hugo.ms)}×`,
      '',
      imported.peakBytes && hugo.peakBytes
        ? `${formatRatio(imported.peakBytes / hugo.peakBytes)}×`
        : '–',
    ]);
  }
  if (rows.length > 0) {
    blocks.unshift(
      markdownTable(['', 'time →', 'articles/s →', 'peak RSS →'], rows),
      `The same ${formatCount(n)} Markdown files with front matter. Peak RSS is VmHWM from /proc, ` +
        'polled every 20 ms. Target (issue 8): the import no slower than Hugo (aim for half), at ' +
        'no more than half its memory.',
    );
  }
  return {
    title: `Import: ${formatCount(n)} articles into an empty database, beside Hugo`,
    blocks,
  };
}
