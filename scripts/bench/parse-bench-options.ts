import path from 'node:path';

export const PART_NAMES = [
  'import',
  'pages',
  'render',
  'memory',
  'copy',
  'burst',
  'drop',
  'crash',
  'rebuild',
  'proxy',
  'scale',
] as const;
export type PartName = (typeof PART_NAMES)[number];
// Runs only when --only names it: it writes and imports its own archives of up to 100,000
// articles, and takes the better part of an hour.
const ON_REQUEST: readonly PartName[] = ['scale'];

export interface BenchOptions {
  /** Articles in the generated archive. */
  articles: number;
  /** Seconds of each wrk load, and the unit for the other parts' time budgets. */
  durationS: number;
  /** Interleaved rounds of the page loads; medians are reported. */
  rounds: number;
  connections: number;
  only: ReadonlySet<PartName>;
  /** Archive sizes of the scale part, each measured in turn in the same run. */
  scaleSizes: readonly number[];
  /** Seconds of wrk with no saves in the scale part's editing run, and as many with saves. */
  scaleLoadS: number;
  /** The project to measure: built with `npm run build` there and driven through dist/. */
  siteDir: string;
  /** Keep the temporary folder (data, logs, nginx configs) for a look afterwards. */
  keep: boolean;
  help: boolean;
}

export class BenchOptionsError extends Error {
  constructor(problems: string[]) {
    super(`Invalid options:\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n${USAGE}`);
    this.name = 'BenchOptionsError';
  }
}

export const USAGE = `Usage: npm run bench -- [options]

  --articles N            articles in the generated archive (default 10000)
  --duration S            seconds of each page load (default 10)
  --rounds R              interleaved rounds of the page loads (default 3)
  --connections C         concurrent connections of each page load (default 32)
  --only A,B              parts to run: ${PART_NAMES.join(', ')}
                          (default all but ${ON_REQUEST.join(', ')})
  --scale-sizes N,M       the scale part's archive sizes, each its own archive, one after the
                          other (default 10000,100000)
  --scale-load-seconds S  seconds of its loads with no saves, and of those with saves (default 40, as issue 15 fixes);
                          shorter for a quick try
  --site DIR              the checkout to measure (default this one); built with npm run build there
  --keep                  keep the temporary folder and print where it is`;

/**
 * Reads `process.argv.slice(2)` and lists every problem at once, like the site's config. A
 * relative --site is read from `cwd`, the folder the user typed the command in.
 */
export function parseBenchOptions(
  argv: readonly string[],
  { cwd, projectRoot }: { cwd: string; projectRoot: string },
): BenchOptions {
  const problems: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      problems.push(`unexpected argument "${arg}"`);
      continue;
    }
    const name = match[1]!;
    if (name === 'keep' || name === 'help') {
      flags.add(name);
    } else if (match[2] !== undefined) {
      values.set(name, match[2]);
    } else if (i + 1 < argv.length) {
      values.set(name, argv[++i]!);
    } else {
      problems.push(`--${name} needs a value`);
    }
  }

  const known = new Set([
    'articles',
    'duration',
    'rounds',
    'connections',
    'only',
    'site',
    'scale-sizes',
    'scale-load-seconds',
  ]);
  for (const name of values.keys()) if (!known.has(name)) problems.push(`unknown option --${name}`);

  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  const articles = whole('articles', 10_000, 20, 200_000);
  const durationS = whole('duration', 10, 1, 600);
  const rounds = whole('rounds', 3, 1, 20);
  const connections = whole('connections', 32, 1, 1000);
  const scaleLoadS = whole('scale-load-seconds', 40, 1, 600);

  let scaleSizes = [10_000, 100_000];
  const rawSizes = values.get('scale-sizes');
  if (rawSizes !== undefined) {
    const sizes = rawSizes.split(',').map((n) => n.trim());
    if (sizes.some((n) => !/^\d+$/.test(n) || Number(n) < 20 || Number(n) > 200_000)) {
      problems.push(
        `--scale-sizes takes whole numbers from 20 to 200000, comma-separated; got "${rawSizes}"`,
      );
    }
    scaleSizes = sizes.map(Number);
  }

  let only: Set<PartName> = new Set(PART_NAMES.filter((n) => !ON_REQUEST.includes(n)));
  const rawOnly = values.get('only');
  if (rawOnly !== undefined) {
    const names = rawOnly
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !(PART_NAMES as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) {
      problems.push(`--only takes ${PART_NAMES.join(', ')}; got "${rawOnly}"`);
    }
    only = new Set(
      names.filter((n): n is PartName => (PART_NAMES as readonly string[]).includes(n)),
    );
  }

  if (problems.length > 0) throw new BenchOptionsError(problems);
  return Object.freeze({
    articles,
    durationS,
    rounds,
    connections,
    only,
    scaleSizes,
    scaleLoadS,
    siteDir: values.has('site') ? path.resolve(cwd, values.get('site')!) : projectRoot,
    keep: flags.has('keep'),
    help: flags.has('help'),
  });
}
