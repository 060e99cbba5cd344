import { createHttpClient } from '../../harness/create-http-client.js';
import { formatCount, formatMs } from './format.js';
import { markdownTable } from './markdown-table.js';
import { percentile } from './percentile.js';
import { sleep } from './sleep.js';

export interface LoadSample {
  /** performance.now() when the request was sent. */
  at: number;
  ms: number;
  /** 0 for a request that failed without an answer. */
  status: number;
}

export interface SteadyLoad {
  samples(): readonly LoadSample[];
  stop(): Promise<void>;
}

export interface LoadSummary {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers other than 200, and requests without an answer. */
  failures: number;
  /** What the failures were: statuses, "no answer" for a request that got none. */
  failedWith: string[];
}

/**
 * Readers in the background: `connections` keep-alive connections, each sending the next GET
 * when the last one has finished and its slot (1 / perSecond) has come, cycling over `paths`
 * with `Accept-Encoding: gzip`. A steady, bounded rate, so what is measured is how the pages
 * feel while something else happens, not how much the server can take.
 */
export function startSteadyLoad(
  baseUrl: string,
  paths: readonly string[],
  { connections = 4, perSecond = 20 }: { connections?: number; perSecond?: number } = {},
): SteadyLoad {
  const samples: LoadSample[] = [];
  let stopped = false;
  const intervalMs = 1000 / perSecond;
  const worker = async (offset: number) => {
    const client = createHttpClient(baseUrl, { timeoutMs: 30_000 });
    for (let i = offset; !stopped; i++) {
      const at = performance.now();
      let status = 0;
      try {
        status = (await client.get(paths[i % paths.length]!, { 'Accept-Encoding': 'gzip' })).status;
      } catch {
        // counted as a failure below
      }
      samples.push({ at, ms: performance.now() - at, status });
      const wait = at + intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    client.close();
  };
  const workers = Array.from({ length: connections }, (_, i) => worker(i));
  return {
    samples: () => samples,
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
}

/** The requests sent in [from, to). */
export function summarizeLoad(
  samples: readonly LoadSample[],
  from: number,
  to: number,
): LoadSummary {
  const window = samples.filter((s) => s.at >= from && s.at < to);
  const times = window.map((s) => s.ms);
  const failed = window.filter((s) => s.status !== 200);
  return {
    requests: window.length,
    perSecond: window.length / Math.max((to - from) / 1000, 0.001),
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times.length > 0 ? Math.max(...times) : Number.NaN,
    failures: failed.length,
    failedWith: [...new Set(failed.map((s) => (s.status === 0 ? 'no answer' : String(s.status))))],
  };
}

export const STEADY_LOAD_NOTE =
  'Background readers: 4 keep-alive connections, each at most 20 GETs a second, alternating the ' +
  'home page and the article, with `Accept-Encoding: gzip`.';

/** One row per window of the background load. */
export function loadSummaryTable(rows: [string, LoadSummary][]): string {
  return markdownTable(
    ['while', 'requests →', 'req/s →', 'p50 →', 'p99 →', 'max →', 'failed →'],
    rows.map(([name, s]) => [
      name,
      formatCount(s.requests),
      formatCount(s.perSecond),
      formatMs(s.p50Ms),
      formatMs(s.p99Ms),
      formatMs(s.maxMs),
      formatCount(s.failures) + (s.failedWith.length > 0 ? ` (${s.failedWith.join(', ')})` : ''),
    ]),
  );
}
