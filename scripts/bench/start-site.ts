import path from 'node:path';
import type { BenchRun } from './bench-context.js';
import { freePort } from '../../harness/free-port.js';
import { createHttpClient, getOnce, type HttpClient } from './create-http-client.js';
import type { RunningProcess } from '../../harness/start-process.js';
import { readProcMemory, type ProcMemory } from './read-proc-memory.js';
import { sleep } from './sleep.js';

export interface Health {
  status: number;
  /** `articles` from the /healthz JSON: what readers can see now. */
  articles: number | undefined;
  /** `rejectedFiles` from the /healthz JSON: files that cannot be published. */
  rejectedFiles: number | undefined;
}

export interface SiteProcess {
  url: string;
  pid: number;
  /** performance.now() just before the process was started. */
  startedAt: number;
  /** A keep-alive client for the part's own requests. */
  client: HttpClient;
  health(): Promise<Health>;
  memory(): Promise<ProcMemory | undefined>;
  /** Milliseconds from start until `pathname` first answers 200. */
  waitForOk(pathname: string, timeoutMs: number): Promise<number>;
  /** Milliseconds from start until /healthz counts at least `articles`. */
  waitForArticles(articles: number, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

export class SiteProcessError extends Error {
  constructor(message: string, process: RunningProcess) {
    const output = process.output().trim().split('\n').slice(-15).join('\n');
    super(output ? `${message}; the site's last output:\n${output}` : message);
    this.name = 'SiteProcessError';
  }
}

export interface SiteOptions {
  /** Holds content/ and data/. */
  dir: string;
  watch: boolean;
  /** PAGE_CACHE_MB; undefined leaves the site's default. */
  pageCacheMb?: number;
  port?: number;
  siteUrl?: string;
}

/**
 * Starts the built server as an operator would: `node dist/src/server.js` with settings in the
 * environment, nothing else. Only the variables below are set; the rest of the environment is
 * inherited (PATH, locale).
 */
export async function startSite(run: BenchRun, options: SiteOptions): Promise<SiteProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CONTENT_DIR: path.join(options.dir, 'content'),
    DATABASE_PATH: path.join(options.dir, 'data', 'site.db'),
    WATCH: options.watch ? '1' : '0',
    LOG_LEVEL: 'warn',
    SITE_URL: options.siteUrl ?? url,
    // The load comes from one address, 127.0.0.1: the site's per-client search limit would
    // answer most of it with 429 (behind nginx, limit_req does that job).
    SEARCH_RATE_LIMIT: '0',
  };
  delete env.PAGE_CACHE_MB;
  if (options.pageCacheMb !== undefined) env.PAGE_CACHE_MB = String(options.pageCacheMb);

  const startedAt = performance.now();
  const child = run.processes.spawn(
    process.execPath,
    [path.join(run.options.siteDir, 'dist/src/server.js')],
    { cwd: run.options.siteDir, env },
  );
  let exited = false;
  void child.exited.then(() => (exited = true));
  const client = createHttpClient(url);

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

  // Polls on fresh connections: until the server listens, every attempt is refused at once.
  const poll = async (what: string, timeoutMs: number, ready: () => Promise<boolean>) => {
    for (;;) {
      if (exited) throw new SiteProcessError(`the site exited while waiting for ${what}`, child);
      const ok = await ready().catch(() => false);
      const elapsed = performance.now() - startedAt;
      if (ok) return elapsed;
      if (elapsed > timeoutMs) {
        throw new SiteProcessError(
          `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`,
          child,
        );
      }
      await sleep(10);
    }
  };

  return {
    url,
    pid: child.pid,
    startedAt,
    client,
    health,
    memory: () => readProcMemory(child.pid),
    waitForOk: (pathname, timeoutMs) =>
      poll(`${pathname} to answer 200`, timeoutMs, async () => {
        return (await getOnce(url, pathname)).status === 200;
      }),
    waitForArticles: (articles, timeoutMs) =>
      poll(`/healthz to count ${articles} articles`, timeoutMs, async () => {
        // Any status: a server catching up may answer 503 while already counting articles.
        return ((await health()).articles ?? 0) >= articles;
      }),
    async stop() {
      client.close();
      await child.stop();
    },
    async kill() {
      client.close();
      child.signal('SIGKILL');
      await child.exited;
    },
  };
}
