// `npm run bench`: how fast an editor's file reaches readers, and how fast pages are served.
// Everything runs on 127.0.0.1 against a site on temporary folders; it stops by itself.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { createImporter } from '../src/content/import-content.js';
import { watchContent } from '../src/content/watch-content.js';
import { openDatabase } from '../src/db/database.js';
import { PROJECT_ROOT } from '../src/paths.js';

const CORPUS_DIR = path.resolve(PROJECT_ROOT, '../shared/corpus/vi-news');
const SEED = path.resolve(PROJECT_ROOT, 'content/huyen-uy-pac-nam-bam-sat-thuc-tien.txt');

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    worst: sorted.at(-1)!,
  };
};

async function startSite() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-bench-'));
  const contentDir = path.join(root, 'content');
  await fs.mkdir(contentDir);
  await fs.copyFile(SEED, path.join(contentDir, 'seed.txt'));
  const logger = pino({ level: 'silent' });
  const db = await openDatabase(path.join(root, 'site.db'));
  const importer = createImporter({ db, contentDir, logger });
  await importer.sync({ settleMs: 0 });
  const watcher = await watchContent({ contentDir, importer, logger });
  const app = createApp({
    db,
    logger,
    mediaCacheDir: path.join(root, 'media-cache'),
    config: { siteName: 'Bench', siteUrl: 'http://localhost', contentDir },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    contentDir,
    async close() {
      await watcher.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function dropToPage(): Promise<void> {
  const site = await startSite();
  try {
    const times: number[] = [];
    for (let n = 1; n <= 20; n++) {
      const start = performance.now();
      await fs.writeFile(path.join(site.contentDir, `bai-${n}.txt`), `Bài đo số ${n}\n\nMở đầu.\n`);
      await until(
        async () => (await fetch(`${site.url}/bai-do-so-${n}-${n + 1}.html`)).status === 200,
        5000,
      );
      times.push(performance.now() - start);
    }
    const { median, worst } = stats(times);
    console.log(
      `drop to page (20 files): median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms`,
    );
  } finally {
    await site.close();
  }
}

async function bulkCopy(): Promise<void> {
  const site = await startSite();
  try {
    const start = performance.now();
    await new Promise<void>((resolve, reject) =>
      execFile('cp', ['-r', `${CORPUS_DIR}/.`, site.contentDir], (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    await until(
      async () =>
        ((await (await fetch(`${site.url}/healthz`)).json()) as { articles: number }).articles ===
        2001,
      120_000,
    );
    console.log(
      `2,000 files copied at once: all published after ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
  } finally {
    await site.close();
  }
}

async function main(): Promise<void> {
  await dropToPage();
  await bulkCopy();
}

await main();
