import { spawn } from 'node:child_process';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  pid: number;
  /** Settles when the process has exited; never rejects. */
  exited: Promise<ExitStatus>;
  /** What it wrote to stdout and stderr (the last 256 KB), for results and error messages. */
  output(): string;
  /** Sends a signal to the whole process group it leads: the process and anything it started. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM to the group, SIGKILL after `graceMs` if it is still there. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

export interface SpawnOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface ProcessGroups {
  spawn(command: string, args: readonly string[], options: SpawnOptions): RunningProcess;
  /** Stops every process still running, gracefully first. */
  stopAll(): Promise<void>;
  /** SIGKILL to every group still running, synchronously: for the `exit` event. */
  killAllNow(): void;
}

const OUTPUT_LIMIT = 256 * 1024;

/**
 * Every process the benchmark starts leads its own process group (`detached`), so stopping it
 * also stops what it started (npm's children, nginx's worker) and nothing else on the machine.
 * The set of running groups lives here, created by main, never in a module variable.
 */
export function createProcessGroups(): ProcessGroups {
  const running = new Set<RunningProcess>();

  const signalGroup = (pid: number, signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };

  return {
    spawn(command, args, { cwd, env }) {
      const child = spawn(command, args, {
        cwd,
        env: env ?? process.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      const exited = new Promise<ExitStatus>((resolve) => {
        child.once('error', (error) => {
          output += `\n${error.message}`;
          resolve({ code: 127, signal: null });
        });
        child.once('close', (code, signal) => resolve({ code, signal }));
      });
      const pid = child.pid ?? -1;
      let done = false;
      const handle: RunningProcess = {
        pid,
        exited,
        output: () => output,
        signal: (signal) => {
          if (!done && pid > 0) signalGroup(pid, signal);
        },
        async stop(graceMs = 5000) {
          handle.signal('SIGTERM');
          const timer = setTimeout(() => handle.signal('SIGKILL'), graceMs);
          const status = await exited;
          clearTimeout(timer);
          return status;
        },
      };
      running.add(handle);
      // `close` comes once every process holding its pipes is gone, so until then the group
      // still exists and its id cannot have been reused by someone else's process.
      void exited.then(() => {
        done = true;
        running.delete(handle);
      });
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
