import type { BenchRun } from './bench-context.js';

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** The slowest response of the run. */
  maxMs: number;
  requests: number;
  /** Average bytes per response, headers included: shows whether gzip was really sent. */
  bytesPerResponse: number;
  /** Responses that were not 2xx or 3xx. */
  non2xx: number;
  /** Connect, read, write errors and timeouts. */
  errors: number;
}

export class WrkOutputError extends Error {
  constructor(output: string) {
    super(`could not read wrk's output:\n${output.slice(0, 2000)}`);
    this.name = 'WrkOutputError';
  }
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

/**
 * Reads `wrk --latency` output:
 *   "    Latency     1.65ms    4.58ms  52.44ms   95.10%" (average, deviation, max)
 *   "     50%  350.00us" · "  799000 requests in 10.00s, 9.50GB read" · "Requests/sec:  79859.00"
 *   "  Non-2xx or 3xx responses: 5" · "  Socket errors: connect 0, read 0, write 0, timeout 12"
 */
export function parseWrkOutput(output: string): WrkResult {
  const duration = '([\\d.]+)(us|ms|s|m|h)';
  const time = (line: string) => {
    const match = new RegExp(line, 'm').exec(output);
    if (!match) throw new WrkOutputError(output);
    return Number(match[1]) * TIME_UNITS[match[2]!]!;
  };
  const percentile = (percent: string) => time(`^\\s*${percent}%\\s+${duration}\\s*$`);
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  const total = /^\s*(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB|TB) read/m.exec(output);
  if (!rate || !total) throw new WrkOutputError(output);
  const requests = Number(total[1]);
  const bytes = Number(total[2]) * SIZE_UNITS[total[3]!]!;
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    output,
  );
  return {
    requestsPerSecond: Number(rate[1]),
    p50Ms: percentile('50'),
    p90Ms: percentile('90'),
    p99Ms: percentile('99'),
    maxMs: time(`^[ \\t]*Latency[ \\t]+\\S+[ \\t]+\\S+[ \\t]+${duration}`),
    requests,
    bytesPerResponse: requests > 0 ? bytes / requests : 0,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

/**
 * One wrk load (`-t1 -c<connections> -d<duration> --latency`), by default the --duration and
 * --connections of the run. The timeout is raised from wrk's 2 s so that a slow page is measured
 * as slow instead of dropped from the latency figures.
 */
export async function runWrk(
  ctx: BenchRun,
  url: string,
  {
    headers = {},
    durationS = ctx.options.durationS,
    connections = ctx.options.connections,
  }: { headers?: Record<string, string>; durationS?: number; connections?: number } = {},
): Promise<WrkResult> {
  const wrk = ctx.tools.wrk;
  if (!wrk) throw new Error('wrk is not installed');
  const args = ['-t1', `-c${connections}`, `-d${durationS}s`, '--timeout', '30s', '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const run = ctx.processes.spawn(wrk.path, args, { cwd: ctx.workDir });
  // wrk stops by itself after the duration; the guard only covers a wrk that hangs.
  const guard = setTimeout(() => run.signal('SIGKILL'), (durationS + 60) * 1000);
  const status = await run.exited;
  clearTimeout(guard);
  if (status.code !== 0)
    throw new Error(`wrk failed (${status.code ?? status.signal}): ${run.output()}`);
  return parseWrkOutput(run.output());
}
