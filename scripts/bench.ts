// `npm run bench`: how fast an editor's file reaches readers, and how fast pages are served.
// Everything runs on 127.0.0.1 against a site on temporary folders; it stops by itself.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
// The same whole-stack site the tests use: temporary folder and database, real watcher, port 0.
import { CORPUS_DIR, SEED_FILE, startSite as startTestSite } from '../tests/helpers/site.js';

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    worst: sorted.at(-1)!,
  };
};

async function startSite() {
  const site = await startTestSite({ watch: true });
  await site.write('seed.txt', await fs.readFile(SEED_FILE));
  await site.importer.sync({ settleMs: 0 });
  return site;
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
