import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { NEWS_ARTICLES } from '../helpers/news-articles.js';
import { waitFor } from '../../harness/wait-for.js';
import { CORPUS_DIR, startSite } from '../helpers/site.js';

interface Health {
  articles: number;
  rejectedFiles: number;
}

const ARCHIVE_SIZE = 2000;

/**
 * An archive of 2,000 distinct articles in a temporary folder: the news articles written for the
 * tests, each numbered like an issue of a bulletin, so no two files have the same content.
 */
async function writeArchive(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-archive-'));
  const texts = Object.values(NEWS_ARTICLES);
  for (let i = 0; i < ARCHIVE_SIZE; i++) {
    const [title, ...rest] = texts[i % texts.length]!.split('\n');
    const number = String(i + 1).padStart(4, '0');
    await fs.writeFile(
      path.join(dir, `ban-tin-${number}.txt`),
      [`${title} (bản tin số ${i + 1})`, ...rest].join('\n'),
    );
  }
  return dir;
}

/**
 * Copies every file of `archive` into a running site's content/ in one burst, as an editor's
 * file manager does, and reads an existing article all the while.
 */
async function copyWhileReading(archive: string): Promise<void> {
  const site = await startSite({
    watch: true,
    files: { 'co-san.txt': 'Bài có sẵn\n\nĐoạn mở đầu.\n' },
  });
  try {
    const files = (await fs.readdir(archive)).filter((f) => f.endsWith('.txt'));
    assert.equal(files.length, ARCHIVE_SIZE);
    const started = performance.now();
    const copy = new Promise<void>((resolve, reject) =>
      execFile('cp', ['-r', `${archive}/.`, site.contentDir], (error) =>
        error ? reject(error) : resolve(),
      ),
    );

    const latencies: number[] = [];
    let done = false;
    const reader = (async () => {
      while (!done) {
        const t = performance.now();
        const res = await site.get('/bai-co-san-1.html');
        await res.arrayBuffer();
        assert.equal(res.status, 200, 'an existing article stays online during the import');
        latencies.push(performance.now() - t);
      }
    })();

    try {
      await copy;
      await waitFor(
        async () =>
          ((await (await site.get('/healthz')).json()) as Health).articles === ARCHIVE_SIZE + 1,
        90_000,
        `all ${ARCHIVE_SIZE} articles published`,
      );
    } finally {
      done = true;
      await reader;
    }
    const seconds = (performance.now() - started) / 1000;

    const health = (await (await site.get('/healthz')).json()) as Health;
    assert.deepEqual(
      { ...health, lastSync: undefined },
      {
        status: 'ok',
        database: 'ok',
        articles: ARCHIVE_SIZE + 1,
        rejectedFiles: 0,
        lastSync: undefined,
      },
    );
    const ids = await site.db.all<{ n: number; distinct_ids: number }>(
      'SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM articles',
    );
    assert.deepEqual(ids, [{ n: ARCHIVE_SIZE + 1, distinct_ids: ARCHIVE_SIZE + 1 }]);
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)]!;
    // Responsive means readers are answered throughout, not after the import: many requests
    // went through during it. Timings are reported, not asserted (this machine's are noisy).
    assert.ok(latencies.length >= 20, `only ${latencies.length} page loads during the import`);
    console.log(
      `bulk copy: ${ARCHIVE_SIZE} files in ${seconds.toFixed(1)} s; ${latencies.length} page loads meanwhile, ` +
        `median ${median.toFixed(0)} ms, worst ${latencies.at(-1)!.toFixed(0)} ms`,
    );
  } finally {
    await site.close();
  }
}

describe('copying 2,000 archived articles into content/ at once', () => {
  it('imports every file without dropping any, while pages keep being served', async () => {
    const archive = await writeArchive();
    try {
      await copyWhileReading(archive);
    } finally {
      await fs.rm(archive, { recursive: true, force: true });
    }
  });

  it('does the same with the real news corpus, when it is there', async (t) => {
    const found = await fs.stat(CORPUS_DIR).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!found) return t.skip(`the news corpus is not found at ${CORPUS_DIR}`);
    await copyWhileReading(CORPUS_DIR);
  });
});
