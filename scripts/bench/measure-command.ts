import type { BenchRun } from './bench-context.js';
import { ProcessError, type ProcessOptions } from '../../harness/start-process.js';
import { watchPeakMemory } from './read-proc-memory.js';

export interface Measured {
  ms: number;
  peakBytes: number | undefined;
}

/** Runs a command to its end, timing it and polling its peak memory; throws if it fails. */
export async function measureCommand(
  run: BenchRun,
  command: string,
  args: string[],
  options: ProcessOptions & { what: string; timeoutMs: number },
): Promise<Measured> {
  const start = performance.now();
  const child = run.processes.spawn(command, args, options);
  const memory = watchPeakMemory(child.pid);
  const guard = setTimeout(() => child.signal('SIGKILL'), options.timeoutMs);
  const status = await child.exited;
  const ms = performance.now() - start;
  clearTimeout(guard);
  const peakBytes = memory.stop();
  if (status.code !== 0) {
    throw new ProcessError(
      `${options.what} failed (${status.code ?? status.signal})`,
      child.output(),
    );
  }
  return { ms, peakBytes };
}
