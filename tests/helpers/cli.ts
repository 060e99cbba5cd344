import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

/**
 * Runs one of the editors' commands (`src/cli/check.ts`, `src/cli/import.ts`) as `npm run`
 * would, in its own process, with these settings on top of the environment and the log
 * silenced: what an editor reads is stdout, and the exit code.
 */
export function runCli(
  script: 'check.ts' | 'import.ts',
  env: Record<string, string>,
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli', script)],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'silent' } },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}
