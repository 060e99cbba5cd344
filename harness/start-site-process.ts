import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { getOnce } from './create-http-client.js';
import { acceptsConnections, freePort } from './free-port.js';
import { ProcessError, startProcess, type StartProcess } from './start-process.js';
import { pollUntil } from './wait-for.js';

export interface SiteProcessOptions {
  contentDir: string;
  databasePath: string;
  /**
   * `src` (the default) runs src/server.ts through tsx, with no build; `dist` runs the build, as
   * `npm start` does (what the benchmark measures).
   */
  from?: 'src' | 'dist';
  /** The checkout it runs from: this one unless the benchmark measures another. */
  siteDir?: string;
  /** A free one unless given: a restarted site passes its old port. */
  port?: number;
  /**
   * Any other variables (SITE_URL, PAGE_CACHE_MB, LOG_LEVEL, …) over this process's own;
   * undefined removes one this process has.
   */
  env?: Record<string, string | undefined>;
  /**
   * Resolves once it accepts connections, and kills it if that takes longer than this (30 s by
   * default); 0 resolves at once, for a caller that times the start itself.
   */
  listenTimeoutMs?: number;
  /** How the process is started: the benchmark passes its own, which keeps a list. */
  start?: StartProcess;
}

export interface Health {
  status: number;
  /** `articles` from the /healthz JSON: what readers can see now. */
  articles: number | undefined;
  /** `rejectedFiles` from the /healthz JSON: files that cannot be published. */
  rejectedFiles: number | undefined;
}

export interface SiteProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  pid: number;
  /** performance.now() just before the process was started. */
  startedAt: number;
  /** What it wrote to stdout and stderr, for a failure message. */
  output(): string;
  /** True once the process has ended, however. */
  hasExited(): boolean;
  health(): Promise<Health>;
  /** Milliseconds from start until `pathname` first answers 200. */
  waitForPath(pathname: string, timeoutMs: number): Promise<number>;
  /** Milliseconds from start until /healthz counts at least `articles`. */
  waitForArticles(articles: number, timeoutMs: number): Promise<number>;
  /** SIGTERM, as systemd stops it, then SIGKILL after 12 s; waits for the exit. Safe twice. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, a power cut. Waits for the exit. */
  kill(): Promise<void>;
}

/**
 * The site as operators run it: its own process, configured by the environment alone, on
 * 127.0.0.1 at a port chosen up front, so its URL is known before it listens.
 */
export async function startSiteProcess(options: SiteProcessOptions): Promise<SiteProcess> {
  const siteDir = options.siteDir ?? PROJECT_ROOT;
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(
    Object.entries({
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      CONTENT_DIR: options.contentDir,
      DATABASE_PATH: options.databasePath,
      LOG_LEVEL: 'info',
      ...options.env,
    }).filter(([, value]) => value !== undefined),
  );
  const args =
    options.from === 'dist'
      ? [path.join(siteDir, 'dist/src/server.js')]
      : ['--import', 'tsx', path.join(siteDir, 'src/server.ts')];
  const startedAt = performance.now();
  const child = (options.start ?? startProcess)(process.execPath, args, { cwd: siteDir, env });

  // Polls on fresh connections: until the server listens, every attempt is refused at once.
  const poll = async (what: string, timeoutMs: number, holds: () => Promise<boolean>) => {
    const held = await pollUntil(
      async () => {
        if (child.hasExited())
          throw new ProcessError(`the site exited before ${what}`, child.output());
        return holds().catch(() => false);
      },
      timeoutMs - (performance.now() - startedAt),
      { intervalMs: 10 },
    );
    if (held === undefined) {
      throw new ProcessError(
        `timed out after ${Math.round(timeoutMs / 1000)} s: ${what}`,
        child.output(),
      );
    }
    return performance.now() - startedAt;
  };
  const health = async (): Promise<Health> => {
    const response = await getOnce(url, '/healthz');
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      // not JSON (yet): no counts
    }
    const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
    return {
      status: response.status,
      articles: count(json.articles),
      rejectedFiles: count(json.rejectedFiles),
    };
  };

  const listenTimeoutMs = options.listenTimeoutMs ?? 30_000;
  if (listenTimeoutMs > 0) {
    await poll('it listened', listenTimeoutMs, () => acceptsConnections(port)).catch(
      async (error: unknown) => {
        child.signal('SIGKILL');
        await child.exited;
        throw error;
      },
    );
  }
  return {
    url,
    port,
    pid: child.pid,
    startedAt,
    output: () => child.output(),
    hasExited: () => child.hasExited(),
    health,
    waitForPath: (pathname, timeoutMs) =>
      poll(`${pathname} answered 200`, timeoutMs, async () => {
        return (await getOnce(url, pathname)).status === 200;
      }),
    waitForArticles: (articles, timeoutMs) =>
      poll(`/healthz counted ${articles} articles`, timeoutMs, async () => {
        // Any status: a server catching up may answer 503 while already counting articles.
        return ((await health()).articles ?? 0) >= articles;
      }),
    // The server gives requests 10 s to finish; past that it is stuck.
    stop: async () => void (await child.stop(12_000)),
    kill: async () => {
      child.signal('SIGKILL');
      await child.exited;
    },
  };
}
