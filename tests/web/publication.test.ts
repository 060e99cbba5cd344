import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestClock } from '../../src/shared/clock.js';
import { waitFor } from '../../harness/wait-for.js';
import { cardTitles, startSite } from '../helpers/site.js';

const DUE = Date.parse('2030-01-01T08:00:00+07:00');

const titlesOn = async (site: { get(p: string): Promise<Response> }, path: string) =>
  cardTitles(await (await site.get(path)).text());

describe('scheduled and draft articles', () => {
  it('hides an article dated in the future everywhere until that moment, then shows it with no write', async () => {
    const clock = createTestClock(DUE - 60_000);
    const site = await startSite({
      clock,
      files: {
        'Thời sự/hen-gio.txt':
          '---\ndate: 2030-01-01 08:00\ntags: [Tết]\nauthor: Hà An\n---\nBài hẹn giờ\n\nMở đầu.\n',
        'da-dang.txt': '---\ndate: 2029-12-31 08:00\n---\nBài đã đăng\n\nMở đầu.\n',
      },
    });
    try {
      const where = ['/', '/chuyen-muc/thoi-su', '/chu-de/tet', '/tac-gia/ha-an'];
      assert.deepEqual(await titlesOn(site, '/'), ['Bài đã đăng']);
      for (const path of where.slice(1)) assert.equal((await site.get(path)).status, 404, path);
      assert.equal((await site.get('/bai-hen-gio-2.html')).status, 404);
      const health = (await (await site.get('/healthz')).json()) as Record<string, unknown>;
      assert.deepEqual(
        { ...health, lastSync: undefined },
        { status: 'ok', database: 'ok', articles: 1, rejectedFiles: 0, lastSync: undefined },
      );

      clock.set(DUE + 1000);
      assert.deepEqual(await titlesOn(site, '/'), ['Bài hẹn giờ', 'Bài đã đăng']);
      for (const path of where.slice(1)) assert.equal((await site.get(path)).status, 200, path);
      assert.equal((await site.get('/bai-hen-gio-2.html')).status, 200);
    } finally {
      await site.close();
    }
  });

  it('shows a scheduled article to a reader asking one second after its time, on the real clock', async () => {
    const site = await startSite();
    try {
      // Dated from when the site is up, so however long it took to start, it is not due yet.
      const due = new Date(Date.now() + 1500);
      await site.write(
        'sap-dang.txt',
        `---\ndate: ${due.toISOString()}\n---\nSắp đăng\n\nMở đầu.\n`,
      );
      await site.importer.sync({ settleMs: 0 });
      assert.equal((await site.get('/sap-dang-1.html')).status, 404);
      await waitFor(
        async () => Date.now() >= due.getTime() + 1000,
        5000,
        'one second past the time',
      );
      assert.equal((await site.get('/sap-dang-1.html')).status, 200);
      assert.deepEqual(await titlesOn(site, '/'), ['Sắp đăng']);
    } finally {
      await site.close();
    }
  });

  it('hides a draft everywhere, and publishes it when draft is removed', async () => {
    const site = await startSite({
      files: {
        'Thời sự/nhap.txt': '---\ndraft: true\ntags: [Nháp]\n---\nBản nháp\n\nMở đầu.\n\nHà An\n',
      },
    });
    try {
      for (const path of [
        '/ban-nhap-1.html',
        '/chuyen-muc/thoi-su',
        '/chu-de/nhap',
        '/tac-gia/ha-an',
      ]) {
        assert.equal((await site.get(path)).status, 404, path);
      }
      assert.deepEqual(await titlesOn(site, '/'), []);
      await site.write(
        'Thời sự/nhap.txt',
        '---\ntags: [Nháp]\n---\nBản nháp\n\nMở đầu.\n\nHà An\n',
      );
      await site.importer.sync({ settleMs: 0 });
      assert.equal((await site.get('/ban-nhap-1.html')).status, 200);
      assert.deepEqual(await titlesOn(site, '/chu-de/nhap'), ['Bản nháp']);
    } finally {
      await site.close();
    }
  });
});
