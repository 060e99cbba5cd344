import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/paths.js';

export interface OriginOptions {
  contentDir: string;
  databasePath: string;
  /** 0 (the default) lets the kernel choose; a restarted origin passes its old port. */
  port?: number;
  /** Any other variables (SITE_URL, PAGE_CACHE_MB, LOG_LEVEL, …). */
  env?: Record<string, string>;
  /** Kills the process if it has not started listening by then. */
  startTimeoutMs?: number;
}

export interface RunningOrigin {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** What it wrote so far, for a failure message. */
  output(): string;
  /** True once the process has ended, however. */
  exited(): boolean;
  /** SIGTERM, as systemd stops it, then SIGKILL after 12 s; waits for the exit. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, a power cut. Waits for the exit. */
  kill(): Promise<void>;
}

/**
 * The site as operators run it: its own process (`src/server.ts`), configured by the
 * environment alone, resolved once it says where it listens.
 */
export async function startOrigin(options: OriginOptions): Promise<RunningOrigin> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port ?? 0),
      CONTENT_DIR: options.contentDir,
      DATABASE_PATH: options.databasePath,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Always drained: a full pipe would block the server's logging and so the server.
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const end = async (signal: NodeJS.Signals) => {
    if (!alive()) return;
    child.kill(signal);
    // The server gives requests 10 s to finish; past that it is stuck.
    const killer = setTimeout(() => child.kill('SIGKILL'), 12_000);
    await exited;
    clearTimeout(killer);
  };

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the origin did not start listening in time:\n${output}`));
    }, options.startTimeoutMs ?? 30_000);
    const onData = () => {
      const match = /serving .* on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the origin exited before listening:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    exited: () => !alive(),
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
