import fs from 'node:fs/promises';
import type { BenchRun } from './bench-context.js';
import { measureCommand, type Measured } from './measure-command.js';

export interface HugoBuild extends Measured {
  /** Pages Hugo wrote, to compare with the site's article count. */
  htmlFiles: number;
}

async function countHtmlFiles(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { recursive: true });
  return entries.filter((e) => e.endsWith('.html')).length;
}

/**
 * `hugo --minify` on a site written by writeHugoSite, timed and its peak memory watched, into
 * `destination`; `cacheDir` keeps Hugo's own cache out of the user's home.
 */
export async function buildWithHugo(
  run: BenchRun,
  { hugoDir, destination, cacheDir }: { hugoDir: string; destination: string; cacheDir: string },
): Promise<HugoBuild> {
  if (!run.tools.hugo) throw new Error('hugo is not installed');
  const measured = await measureCommand(
    run,
    run.tools.hugo.path,
    [
      '--minify',
      '--quiet',
      '--source',
      hugoDir,
      '--destination',
      destination,
      '--cacheDir',
      cacheDir,
    ],
    { what: 'hugo', cwd: hugoDir, timeoutMs: 60 * 60_000 },
  );
  return { ...measured, htmlFiles: await countHtmlFiles(destination) };
}
