import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { CORPUS_DIR, startSite, waitFor, type TestSite } from '../helpers/site.js';

interface Health {
  articles: number;
  rejectedFiles: number;
}

describe('copying 2,000 archived articles into content/ at once', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ watch: true, files: { 'co-san.txt': 'Bài có sẵn\n\nĐoạn mở đầu.\n' } });
  });
  after(() => site.close());

  it('imports every file without dropping any, while pages keep being served', async () => {
    const files = (await fs.readdir(CORPUS_DIR)).filter((f) => f.endsWith('.txt'));
    assert.equal(files.length, 2000);
    const started = performance.now();
    // cp, like an editor's file manager: one burst of 2,000 creations the watcher must absorb.
    const copy = new Promise<void>((resolve, reject) =>
      execFile('cp', ['-r', `${CORPUS_DIR}/.`, site.contentDir], (error) => (error ? reject(error) : resolve())),
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

    await copy;
    await waitFor(
      async () => ((await (await site.get('/healthz')).json()) as Health).articles === 2001,
      90_000,
      'all 2,000 articles published',
    );
    const seconds = (performance.now() - started) / 1000;
    done = true;
    await reader;

    const health = (await (await site.get('/healthz')).json()) as Health;
    assert.deepEqual(
      { ...health, lastSync: undefined },
      { status: 'ok', database: 'ok', articles: 2001, rejectedFiles: 0, lastSync: undefined },
    );
    const ids = await site.db.all<{ n: number; distinct_ids: number }>(
      'SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM articles',
    );
    assert.deepEqual(ids, [{ n: 2001, distinct_ids: 2001 }]);
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)]!;
    // Responsive means readers are answered throughout, not after the import: many requests
    // went through during it. Timings are reported, not asserted (this machine's are noisy).
    assert.ok(latencies.length >= 20, `only ${latencies.length} page loads during the import`);
    console.log(
      `bulk copy: 2000 files in ${seconds.toFixed(1)} s; ${latencies.length} page loads meanwhile, ` +
        `median ${median.toFixed(0)} ms, worst ${latencies.at(-1)!.toFixed(0)} ms`,
    );
  });
});
