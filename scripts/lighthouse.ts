// `npm run lighthouse`: what a phone on a slow network meets on the home and article pages, as
// Lighthouse measures it: first and largest paint, the four scores, what blocks the first paint,
// and the bytes each page costs on the wire. On slow 3G also through deploy/nginx/tin.conf, as
// readers get it (HTTPS, HTTP/2), when nginx is installed. A measurement to read, not a test: it
// prints and exits 0. `-- --runs 5` takes the median of five runs instead of three.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from 'chrome-launcher';
import lighthouse, { type Flags } from 'lighthouse';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { openSite } from '../src/open-site.js';
// The same Debian Chromium and flags as the browser tests.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../harness/chromium.js';
// And the nginx site as the tier test runs it.
import { requireNginx } from '../harness/start-nginx.js';
import { startSiteNginx, type RunningNginx } from '../harness/start-site-nginx.js';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../content');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** The readers' network, simulated: a 400 ms round trip, 400 kbps, a CPU four times slower. */
const SLOW_3G: Flags = {
  throttlingMethod: 'simulate',
  // The simulation uses the first three; the others would apply to DevTools throttling.
  throttling: {
    rttMs: 400,
    throughputKbps: 400,
    cpuSlowdownMultiplier: 4,
    requestLatencyMs: 400 * 3.75,
    downloadThroughputKbps: 400 * 0.9,
    uploadThroughputKbps: 400 * 0.9,
  },
};

interface Run {
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  scores: Record<(typeof CATEGORIES)[number], number>;
  requests: number;
  transferBytes: number;
  renderBlocking: string[];
  /** What cost points outside performance, so a score below 100 says where to look. */
  failing: string[];
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(`--runs: not a whole number: ${values.runs}`);

// A copy of content/ and a fresh database, so measuring never writes to the editors' folder.
const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-lighthouse-'));
const contentDir = path.join(root, 'content');
await fs.cp(CONTENT_DIR, contentDir, { recursive: true });
const logger = pino({ level: 'warn' });

// The port comes first so that canonical links point at the site being measured.
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const siteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const site = await openSite({
  config: loadConfig(
    {
      CONTENT_DIR: contentDir,
      DATABASE_PATH: path.join(root, 'data', 'site.db'),
      SITE_URL: siteUrl,
      WATCH: '0',
      LOG_LEVEL: 'warn',
      REQUEST_LOG: '0',
    },
    root,
  ),
  logger,
  walkAtStart: false,
});
await site.importer.sync({ settleMs: 0 });
server.on('request', site.app);

// nginx's certificate is made for the run, so Chromium is told to take it.
const chrome = await launch({
  chromePath: CHROMIUM_PATH,
  chromeFlags: [...CHROMIUM_ARGS, '--ignore-certificate-errors'],
});
let nginx: RunningNginx | undefined;
try {
  // The readers' network (slow 3G) and Lighthouse's default phone (slow 4G) against the server
  // itself, as `npm start` serves it; then slow 3G through nginx, as deployed.
  const networks: { name: string; base: string; flags: Flags }[] = [
    { name: 'slow 3G', base: siteUrl, flags: SLOW_3G },
    { name: 'default mobile', base: siteUrl, flags: {} },
  ];
  const hasNginx = await requireNginx().then(
    () => true,
    (error: Error) => (console.warn(`${error.message}: measuring without it`), false),
  );
  if (hasNginx) {
    nginx = await startSiteNginx({ origins: [siteUrl], accessLog: false });
    networks.push({ name: 'slow 3G, nginx HTTPS + HTTP/2', base: nginx.url, flags: SLOW_3G });
  }
  const home = await (await fetch(siteUrl)).text();
  const article = /<a href="(\/[^"]+\.html)"/.exec(home)?.[1];
  const pages: [string, string][] = [['home', '/']];
  if (article) pages.push(['article', article]);
  else console.warn('content/ has no article: measuring the home page only');

  console.log(`Lighthouse in ${CHROMIUM_PATH}, median of ${RUNS} runs per row\n`);
  console.log(
    '| page | network | FCP | LCP | TBT | CLS | performance | accessibility | best practices | SEO | requests | transferred |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const notes = new Set<string>();
  for (const { name: network, base, flags } of networks) {
    for (const [name, pathname] of pages) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(base, pathname, flags));
      const m = (pick: (run: Run) => number) => median(runs.map(pick));
      const cells = [
        name,
        network,
        seconds(m((r) => r.fcpMs)),
        seconds(m((r) => r.lcpMs)),
        `${Math.round(m((r) => r.tbtMs))} ms`,
        m((r) => r.cls).toFixed(3),
        ...CATEGORIES.map((id) => String(m((r) => r.scores[id]))),
        String(m((r) => r.requests)),
        `${(m((r) => r.transferBytes) / 1024).toFixed(1)} KiB`,
      ];
      console.log(`| ${cells.join(' | ')} |`);
      for (const run of runs) {
        for (const url of run.renderBlocking) notes.add(`${name}: render-blocking ${url}`);
        for (const failing of run.failing) notes.add(`${name}, ${network}: ${failing}`);
      }
    }
  }
  console.log(notes.size === 0 ? '\nNothing blocks the first paint.' : '');
  for (const note of notes) console.log(`- ${note}`);

  console.log('\nThe HTML answer on the wire (body bytes; response headers beside)\n');
  console.log('| page | identity | gzip | br | headers |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, pathname] of pages) {
    const sizes = [];
    let headerBytes = 0;
    for (const encoding of ['identity', 'gzip', 'br']) {
      const answer = await wireSize(siteUrl + pathname, encoding);
      sizes.push(`${answer.body.toLocaleString('en')} B`);
      headerBytes = Math.max(headerBytes, answer.headers);
    }
    console.log(`| ${name} | ${sizes.join(' | ')} | ${headerBytes.toLocaleString('en')} B |`);
  }
} finally {
  chrome.kill();
  await nginx?.stop();
  server.close();
  await site.close();
  await fs.rm(root, { recursive: true, force: true });
}

async function measure(base: string, pathname: string, flags: Flags): Promise<Run> {
  const url = base + pathname;
  const result = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    ...flags,
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { categories, audits } = result.lhr;
  const numeric = (id: string) => audits[id]?.numericValue ?? NaN;
  const items = (id: string) =>
    ((audits[id]?.details as { items?: { url?: string }[] } | undefined)?.items ?? []).map(
      (item) => item.url ?? '',
    );
  const failing: string[] = [];
  for (const id of CATEGORIES.filter((c) => c !== 'performance')) {
    for (const ref of categories[id]?.auditRefs ?? []) {
      const audit = audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
        failing.push(`${id}: ${audit.id} (${audit.displayValue ?? audit.score}): ${audit.title}`);
      }
    }
  }
  return {
    fcpMs: numeric('first-contentful-paint'),
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    scores: Object.fromEntries(
      CATEGORIES.map((id) => [id, Math.round((categories[id]?.score ?? NaN) * 100)]),
    ) as Run['scores'],
    requests: items('network-requests').length,
    transferBytes: numeric('total-byte-weight'),
    renderBlocking: items('render-blocking-resources').map((u) => u.replace(base, '')),
    failing,
  };
}

/** The bytes of one answer as they cross the network, compressed as the encoding asks. */
function wireSize(url: string, encoding: string): Promise<{ body: number; headers: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (response) => {
        let body = 0;
        response.on('data', (chunk: Buffer) => (body += chunk.length));
        response.on('end', () => {
          // The status line and header block as sent: name, ": ", value, CRLF each.
          const raw = response.rawHeaders;
          let headers = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n\r\n`.length;
          for (let i = 0; i < raw.length; i += 2) {
            headers += Buffer.byteLength(`${raw[i]}: ${raw[i + 1]}\r\n`);
          }
          resolve({ body, headers });
        });
      })
      .on('error', reject);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
