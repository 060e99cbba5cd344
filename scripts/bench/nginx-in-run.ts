import path from 'node:path';
import type { BenchRun } from './bench-context.js';

/**
 * What every nginx of the run shares: the binary the run found, a folder in the run's own, and
 * the run's list of processes, so an interrupted run stops it too.
 */
export function nginxInRun(run: BenchRun, name: string) {
  if (!run.tools.nginx) throw new Error('nginx is not installed');
  return {
    prefix: path.join(run.workDir, name),
    binary: run.tools.nginx.path,
    start: run.processes.spawn,
  };
}
