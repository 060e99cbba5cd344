// `npm run lighthouse`: Lighthouse's four scores for the home and article pages, as a phone on a
// slow network meets them. A measurement to read, not a test: it prints and exits 0.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { DEFAULT_PAGE_CACHE_MB } from '../src/config.js';
import { readPreviewSecret } from '../src/preview-secret.js';
import { openLiveFacts } from '../src/web/live-facts.js';
import { createImporter } from '../src/content/sync/import-content.js';
import { openDatabase } from '../src/db/database.js';
// The same Debian Chromium and flags as the browser tests.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/browser.js';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../content');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

// A copy of content/ and a fresh database, so measuring never writes to the editors' folder.
const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-lighthouse-'));
const contentDir = path.join(root, 'content');
await fs.cp(CONTENT_DIR, contentDir, { recursive: true });
const logger = pino({ level: 'warn' });
const db = await openDatabase(path.join(root, 'site.db'));
await createImporter({ db, contentDir, logger }).sync({ settleMs: 0 });

// The port comes first so that canonical links point at the site being measured.
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const siteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
server.on(
  'request',
  createApp({
    db,
    logger,
    facts: await openLiveFacts({ db, now: Date.now, logger }),
    mediaCacheDir: path.join(root, 'media-cache'),
    previewSecret: readPreviewSecret(undefined, root),
    config: { siteName: 'Tin Vùng Cao', siteUrl, contentDir, pageCacheMb: DEFAULT_PAGE_CACHE_MB },
  }),
);

const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS });
try {
  const home = await (await fetch(siteUrl)).text();
  const article = /<a href="(\/[^"]+\.html)"/.exec(home)?.[1];
  const pages: [string, string][] = [['home', `${siteUrl}/`]];
  if (article) pages.push(['article', siteUrl + article]);
  else console.warn('content/ has no article: measuring the home page only');

  for (const [name, url] of pages) {
    // Lighthouse's default settings: a mid-range phone, simulated slow 4G.
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { categories, audits } = result.lhr;
    const scores = CATEGORIES.map((id) => {
      const score = categories[id]?.score;
      return `${id} ${score === null || score === undefined ? '–' : Math.round(score * 100)}`;
    });
    console.log(`${name.padEnd(8)} ${scores.join('  ')}   ${url}`);
    // What cost points, so a score below 100 says where to look.
    for (const id of CATEGORIES) {
      for (const ref of categories[id]?.auditRefs ?? []) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
          console.log(
            `         ${id}: ${audit.id} (${audit.displayValue ?? audit.score}): ${audit.title}`,
          );
        }
      }
    }
  }
} finally {
  chrome.kill();
  server.close();
  await db.close();
  await fs.rm(root, { recursive: true, force: true });
}
