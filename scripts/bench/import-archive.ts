import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext, ImportedSite } from './bench-context.js';
import { formatCount } from './format.js';
import type { Measured } from './measure-command.js';
import { runImportCommand } from './run-import-command.js';

/**
 * `node dist/src/cli/import.js` on the N articles into an empty database: the archive every
 * later part copies, and the import measurement itself.
 */
export async function importArchive(ctx: BenchContext): Promise<ImportedSite & Measured> {
  const dir = path.join(ctx.workDir, 'imported');
  await fs.mkdir(path.join(dir, 'data'), { recursive: true });
  await fs.cp(ctx.dataset.articlesDir, path.join(dir, 'content'), {
    recursive: true,
    preserveTimestamps: true,
  });
  ctx.log(`importing ${formatCount(ctx.dataset.count)} articles`);
  const result = await runImportCommand(ctx, dir, { timeoutMs: 30 * 60_000 });
  return { dir, articles: ctx.dataset.count, importMs: result.ms, ...result };
}
