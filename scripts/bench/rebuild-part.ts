import fs from 'node:fs/promises';
import type { BenchContext } from './bench-context.js';
import { copyImportedSite, requireImportedSite } from './copy-imported-site.js';
import { formatCount } from './format.js';
import { markdownTable } from './markdown-table.js';
import type { ReportSection } from './report-section.js';
import { startSite } from './start-site.js';
import { START_HEADERS, startRow, timeStart } from './time-start.js';

/** Part 10 (issue 9): data/ deleted, the site started on content/ alone. */
export async function rebuildPart(ctx: BenchContext): Promise<ReportSection[]> {
  const imported = requireImportedSite(ctx);
  const dir = await copyImportedSite(ctx, 'rebuild', { withData: false });
  const site = await startSite(ctx, { dir, watch: true });
  try {
    const times = await timeStart(site, imported.articles);
    ctx.coldStartMs = times.allServedMs;
    return [
      {
        title: `Rebuild: data/ deleted, ${formatCount(imported.articles)} articles in content/`,
        blocks: [
          markdownTable(START_HEADERS, [startRow('empty data/', times)]),
          'content/ as the import left it (with anything the site keeps there), data/ empty; ' +
            'WATCH=1. Times run from starting the process.',
        ],
      },
    ];
  } finally {
    await site.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
