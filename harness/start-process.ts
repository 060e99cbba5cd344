import { spawn } from 'node:child_process';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Lead a process group of its own, and signal the whole group: what it starts (npm's
   * children, nginx's workers) stops with it. A group does not get the terminal's Ctrl-C, so
   * whoever starts one stops it (the benchmark keeps a list). Off by default: a test's servers
   * stop with the test run.
   */
  group?: boolean;
}

export interface RunningProcess {
  pid: number;
  /** Settles when the process has exited and closed its output; never rejects. */
  exited: Promise<ExitStatus>;
  /** True once `exited` has settled. */
  hasExited(): boolean;
  /** What it wrote to stdout and stderr (the last 256 KB), for results and error messages. */
  output(): string;
  /** Sends a signal, to the whole group with `group`; nothing once it has exited. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs` if it is still there; waits for the exit. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

/** How the harness starts its processes; the benchmark passes one that keeps track of them. */
export type StartProcess = (
  command: string,
  args: readonly string[],
  options: ProcessOptions,
) => RunningProcess;

const OUTPUT_LIMIT = 256 * 1024;

/** A process that failed or misbehaved: the message, then the last lines it wrote. */
export class ProcessError extends Error {
  constructor(message: string, output: string) {
    const last = output.trim().split('\n').slice(-15).join('\n');
    super(last ? `${message}; its last output:\n${last}` : message);
    this.name = 'ProcessError';
  }
}

/** A program in a process of its own, its output always drained (a full pipe would block it). */
export function startProcess(
  command: string,
  args: readonly string[],
  { cwd, env, group = false }: ProcessOptions,
): RunningProcess {
  const child = spawn(command, args, {
    cwd,
    env: env ?? process.env,
    detached: group,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let done = false;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('error', (error) => {
      output += `\n${error.message}`;
      resolve({ code: 127, signal: null });
    });
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  // `close` comes once every process holding its pipes is gone, so until then the process (or
  // its group) still exists and its id cannot have been reused by someone else's process.
  void exited.then(() => (done = true));
  const pid = child.pid ?? -1;

  const handle: RunningProcess = {
    pid,
    exited,
    hasExited: () => done,
    output: () => output,
    signal(signal) {
      if (done || pid <= 0) return;
      if (!group) {
        child.kill(signal);
        return;
      }
      try {
        process.kill(-pid, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    },
    async stop(graceMs = 5000) {
      handle.signal('SIGTERM');
      const timer = setTimeout(() => handle.signal('SIGKILL'), graceMs);
      const status = await exited;
      clearTimeout(timer);
      return status;
    },
  };
  return handle;
}
