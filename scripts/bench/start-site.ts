import path from 'node:path';
import type { BenchRun } from './bench-context.js';
import { createHttpClient, type HttpClient } from '../../harness/create-http-client.js';
import { freePort } from '../../harness/free-port.js';
import {
  startSiteProcess,
  type SiteProcess as HarnessSiteProcess,
} from '../../harness/start-site-process.js';
import { readProcMemory, type ProcMemory } from './read-proc-memory.js';

export interface SiteProcess extends HarnessSiteProcess {
  /** A keep-alive client for the part's own requests. */
  client: HttpClient;
  memory(): Promise<ProcMemory | undefined>;
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
 * Starts the built server of the checkout measured, as an operator would, and returns at once:
 * the parts time the start themselves. Only the variables below are set; the rest of the
 * environment is inherited (PATH, locale).
 */
export async function startSite(run: BenchRun, options: SiteOptions): Promise<SiteProcess> {
  const port = options.port ?? (await freePort());
  const site = await startSiteProcess({
    from: 'dist',
    siteDir: run.options.siteDir,
    contentDir: path.join(options.dir, 'content'),
    databasePath: path.join(options.dir, 'data', 'site.db'),
    port,
    env: {
      WATCH: options.watch ? '1' : '0',
      LOG_LEVEL: 'warn',
      SITE_URL: options.siteUrl ?? `http://127.0.0.1:${port}`,
      // The load comes from one address, 127.0.0.1: the site's per-client search limit would
      // answer most of it with 429 (behind nginx, limit_req does that job).
      SEARCH_RATE_LIMIT: '0',
      PAGE_CACHE_MB: options.pageCacheMb === undefined ? undefined : String(options.pageCacheMb),
    },
    listenTimeoutMs: 0,
    start: run.processes.spawn,
  });
  const client = createHttpClient(site.url);
  return {
    ...site,
    client,
    memory: () => readProcMemory(site.pid),
    async stop() {
      client.close();
      await site.stop();
    },
    async kill() {
      client.close();
      await site.kill();
    },
  };
}
