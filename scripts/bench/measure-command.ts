import type { BenchRun } from './bench-context.js';
import type { SpawnOptions } from './create-process-groups.js';
import { watchPeakMemory } from './read-proc-memory.js';

export interface Measured {
  ms: number;
  peakBytes: number | undefined;
}

export class CommandError extends Error {
  constructor(what: string, output: string) {
    super(`${what}; its last output:\n${output.trim().split('\n').slice(-15).join('\n')}`);
    this.name = 'CommandError';
  }
}

/** Runs a command to its end, timing it and polling its peak memory; throws if it fails. */
export async function measureCommand(
  run: BenchRun,
  command: string,
  args: string[],
  options: SpawnOptions & { what: string; timeoutMs: number },
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
    throw new CommandError(
      `${options.what} failed (${status.code ?? status.signal})`,
      child.output(),
    );
  }
  return { ms, peakBytes };
}
