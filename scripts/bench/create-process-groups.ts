import {
  startProcess,
  type ProcessOptions,
  type RunningProcess,
} from '../../harness/start-process.js';

export interface ProcessGroups {
  /** Starts a process at the head of its own group, and keeps it until it has exited. */
  spawn(command: string, args: readonly string[], options: ProcessOptions): RunningProcess;
  /** Stops every process still running, gracefully first. */
  stopAll(): Promise<void>;
  /** SIGKILL to every group still running, synchronously: for the `exit` event. */
  killAllNow(): void;
}

/**
 * Every process the benchmark starts leads its own process group, so stopping it also stops
 * what it started (npm's children, nginx's worker) and nothing else on the machine. The set of
 * running groups lives here, created by main, never in a module variable.
 */
export function createProcessGroups(): ProcessGroups {
  const running = new Set<RunningProcess>();
  return {
    spawn(command, args, options) {
      const handle = startProcess(command, args, { ...options, group: true });
      running.add(handle);
      void handle.exited.then(() => running.delete(handle));
      return handle;
    },
    async stopAll() {
      await Promise.all([...running].map((p) => p.stop(2000)));
    },
    killAllNow() {
      for (const p of running) p.signal('SIGKILL');
    },
  };
}
