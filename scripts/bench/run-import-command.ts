import path from 'node:path';
import type { BenchRun } from './bench-context.js';
import { measureCommand, type Measured } from './measure-command.js';

/**
 * `node dist/src/cli/import.js` on `dir`/content into `dir`/data/site.db, as an operator runs
 * `npm run import`: timed, its peak memory watched; throws if it fails.
 */
export function runImportCommand(
  run: BenchRun,
  dir: string,
  { timeoutMs }: { timeoutMs: number },
): Promise<Measured> {
  return measureCommand(
    run,
    process.execPath,
    [path.join(run.options.siteDir, 'dist/src/cli/import.js')],
    {
      what: 'the import',
      cwd: run.options.siteDir,
      timeoutMs,
      env: {
        ...process.env,
        CONTENT_DIR: path.join(dir, 'content'),
        DATABASE_PATH: path.join(dir, 'data', 'site.db'),
        LOG_LEVEL: 'warn',
      },
    },
  );
}
