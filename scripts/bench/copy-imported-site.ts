import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext, ImportedSite } from './bench-context.js';
import { PartSkipped } from './report-section.js';

/** The imported archive, or a skip that says why there is none. */
export function requireImportedSite(ctx: BenchContext): ImportedSite {
  if (!ctx.importedSite) throw new PartSkipped('needs the imported archive, and the import failed');
  return ctx.importedSite;
}

/**
 * A private copy of the imported archive (content/ and data/) for one part, so what one part
 * writes never reaches another. Modification times are kept: to the site, the copy is the same
 * folder after a restart, not a folder of freshly changed files.
 */
export async function copyImportedSite(
  ctx: BenchContext,
  name: string,
  { withData = true }: { withData?: boolean } = {},
): Promise<string> {
  const imported = requireImportedSite(ctx);
  const dir = path.join(ctx.workDir, 'parts', name);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  await fs.cp(path.join(imported.dir, 'content'), path.join(dir, 'content'), {
    recursive: true,
    preserveTimestamps: true,
  });
  if (withData) {
    await fs.cp(path.join(imported.dir, 'data'), path.join(dir, 'data'), {
      recursive: true,
      preserveTimestamps: true,
    });
  } else {
    await fs.mkdir(path.join(dir, 'data'));
  }
  return dir;
}
