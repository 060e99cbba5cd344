import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { FAILING_GRACE_MS } from '../../src/web/pages/health.js';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { startSite } from '../helpers/site.js';

interface Health {
  status: string;
  database: string;
  articles: number;
  rejectedFiles: number;
  lastSync: string | null;
  reason?: string;
}

describe('/healthz', () => {
  it('reports the last successful sync, counts only, and is never cached', async () => {
    const site = await startSite({ files: { 'a.txt': 'Bài A\n\nMở đầu.\n' } });
    try {
      const res = await site.get('/healthz');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const health = (await res.json()) as Health;
      assert.equal(health.status, 'ok');
      assert.equal(health.articles, 1);
      assert.match(String(health.lastSync), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    } finally {
      await site.close();
    }
  });

  it('answers 503 with a reason while imports keep failing, and recovers by itself', async () => {
    const site = await startSite({ watch: true, files: { 'a.txt': 'Bài A\n\nMở đầu.\n' } });
    const away = `${site.contentDir}-da-go`;
    try {
      // The content folder disappears, as an unmounted share would: every sync now fails.
      await fs.rename(site.contentDir, away);
      // The watcher's event for the folder starts the failing syncs; the grace runs from there.
      const failing = await waitFor(
        async () => (await site.get('/healthz')).status === 503,
        FAILING_GRACE_MS + WATCHER_WAIT_MS,
        'a failing health check',
      );
      assert.ok(failing >= FAILING_GRACE_MS - 100, 'a short failure is a retry, not an outage');
      const res = await site.get('/healthz');
      const health = (await res.json()) as Health;
      assert.equal(health.status, 'error');
      assert.equal(health.database, 'ok');
      assert.equal(health.articles, 1, 'the site still serves what it had');
      assert.match(
        String(health.reason),
        /thất bại liên tục \d+ giây: không tìm thấy thư mục nội dung/,
      );
      assert.doesNotMatch(JSON.stringify(health), /tin-test|content/, 'no paths in public');
      assert.equal((await site.get('/bai-a-1.html')).status, 200);

      await fs.rename(away, site.contentDir);
      await waitFor(
        async () => (await site.get('/healthz')).status === 200,
        WATCHER_WAIT_MS,
        'recovery',
      );
      assert.equal(((await (await site.get('/healthz')).json()) as Health).status, 'ok');
    } finally {
      await fs.rename(away, site.contentDir).catch(() => {});
      await site.close();
    }
  });
});
