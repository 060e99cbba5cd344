import type { BenchContext } from './bench-context.js';
import { getOnce } from '../../harness/create-http-client.js';
import { formatCount, formatMs, formatRatio } from './format.js';
import { markdownTable } from './markdown-table.js';
import { median } from './percentile.js';
import { runWrk, type WrkResult } from './run-wrk.js';

export const ENCODINGS = [
  { name: 'identity', headers: {} },
  { name: 'gzip', headers: { 'Accept-Encoding': 'gzip' } },
] as const;

export interface LoadTarget {
  name: string;
  /** Absolute URL. */
  url: string;
  /** The reference the others are divided by. */
  reference?: boolean;
}

export interface LoadRow {
  target: LoadTarget;
  encoding: string;
  results: WrkResult[];
  ratios: number[];
  /** Statuses other than 200 seen by a GET right after a load that had non-2xx answers. */
  otherStatuses: Set<number>;
  problem?: string;
}

/**
 * Loads every target with wrk, one at a time, round after round, so a slow minute of the
 * machine touches every target alike; each result is divided by the reference (nginx serving
 * the file) of the same round and encoding.
 */
export async function loadInRounds(ctx: BenchContext, targets: LoadTarget[]): Promise<LoadRow[]> {
  const warm = async (url: string, headers: Record<string, string>) => {
    const { origin, pathname, search } = new URL(url);
    return (await getOnce(origin, pathname + search, { headers, timeoutMs: 60_000 })).status;
  };
  const rows: LoadRow[] = [];
  for (const target of targets) {
    for (const encoding of ENCODINGS) {
      const status = await warm(target.url, encoding.headers).catch(() => 0);
      rows.push({
        target,
        encoding: encoding.name,
        results: [],
        ratios: [],
        otherStatuses: new Set(),
        problem: status === 200 ? undefined : `answers ${status || 'nothing'}, not 200: not loaded`,
      });
    }
  }
  const total = rows.filter((r) => !r.problem).length * ctx.options.rounds;
  let done = 0;
  for (let round = 1; round <= ctx.options.rounds; round++) {
    const reference = new Map<string, number>();
    for (const row of rows) {
      if (row.problem) continue;
      ctx.log(`  load ${++done}/${total}: ${row.target.name}, ${row.encoding}, round ${round}`);
      const headers = ENCODINGS.find((e) => e.name === row.encoding)!.headers;
      // The first request of a cached page is a miss; a warm-up keeps it out of the figures.
      await warm(row.target.url, headers).catch(() => 0);
      const result = await runWrk(ctx, row.target.url, { headers });
      row.results.push(result);
      // wrk counts answers that are not 2xx/3xx without saying which; one GET tells (a 429 from
      // a rate limit reads very differently from a 500).
      if (result.non2xx > 0) {
        const status = await warm(row.target.url, headers).catch(() => 0);
        if (status !== 200) row.otherStatuses.add(status);
      }
      if (row.target.reference) reference.set(row.encoding, result.requestsPerSecond);
      const base = reference.get(row.encoding);
      if (base) row.ratios.push(result.requestsPerSecond / base);
    }
  }
  return rows;
}

/** "/huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam-1.html" → "/huyen-uy-pac-nam…-1.html" */
function shortPath(pathname: string): string {
  if (pathname.length <= 32) return pathname;
  const id = /-\d+\.html$/.exec(pathname)?.[0] ?? '';
  return `${pathname.slice(0, 24 - id.length)}…${id || pathname.slice(-8)}`;
}

export function loadTable(rows: LoadRow[]): string {
  return markdownTable(
    [
      'page',
      'URL',
      'encoding',
      'req/s →',
      'p50 →',
      'p99 →',
      '× nginx →',
      'bytes/resp →',
      'errors →',
    ],
    rows.map((row) => {
      const { target, results } = row;
      const url = new URL(target.url);
      const cells = [target.name, `\`${shortPath(url.pathname + url.search)}\``, row.encoding];
      if (row.problem || results.length === 0) return [...cells, row.problem ?? 'not run'];
      return [
        ...cells,
        formatCount(median(results.map((r) => r.requestsPerSecond))),
        formatMs(median(results.map((r) => r.p50Ms))),
        formatMs(median(results.map((r) => r.p99Ms))),
        row.ratios.length > 0 ? formatRatio(median(row.ratios)) : '–',
        formatCount(median(results.map((r) => r.bytesPerResponse))),
        formatCount(results.reduce((sum, r) => sum + r.non2xx + r.errors, 0)) +
          (row.otherStatuses.size > 0 ? ` (${[...row.otherStatuses].join(', ')})` : ''),
      ];
    }),
  );
}

/** How the loads ran, in a sentence for the report. */
export function describeLoads(ctx: BenchContext): string {
  const { connections, durationS, rounds } = ctx.options;
  const how = rounds === 1 ? 'one round' : `${rounds} interleaved rounds, medians over the rounds`;
  return (
    `wrk \`-t1 -c${connections} -d${durationS}s --latency\`, one URL at a time, ${how}. ` +
    '"× nginx" divides by nginx (1 worker, `gzip_static`) serving the very same article bytes as a ' +
    'file, in the same round and encoding. bytes/resp includes the headers; errors are answers ' +
    'other than 2xx/3xx and socket errors, with the status a GET got right after, if not 200.'
  );
}
