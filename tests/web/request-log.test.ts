import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loggedPath } from '../../src/web/request-log.js';
import { startSite } from '../helpers/site.js';

describe('loggedPath', () => {
  const table: [string, string][] = [
    ['/', '/'],
    ['/tim-kiem?q=đảng+viên&trang=2', '/tim-kiem?q&trang'],
    ['/bai-1.html?utm_source=zalo&fbclid=abc', '/bai-1.html?utm_source&fbclid'],
    ['/?', '/'],
    ['/chuyen-muc/thoi-su?trang', '/chuyen-muc/thoi-su?trang'],
  ];
  for (const [url, logged] of table) {
    it(`logs ${url} as ${logged}`, () => assert.equal(loggedPath(url), logged));
  }
});

describe('the request log', () => {
  it('writes one JSON line per request, hits included, without what readers searched for', async () => {
    const site = await startSite({
      requestLog: true,
      files: { 'bai.txt': 'Đảng viên Pác Nặm\n\nMở đầu.\n' },
    });
    try {
      for (let n = 0; n < 2; n++) await (await site.get('/tim-kiem?q=pac+nam')).text();
      await (await site.get('/khong-co', { method: 'HEAD' })).text();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const lines = site.logs.filter((l) => l.msg === 'request');
      assert.deepEqual(
        lines.map((l) => [l.method, l.path, l.status]),
        [
          ['GET', '/tim-kiem?q', 200],
          ['GET', '/tim-kiem?q', 200],
          ['HEAD', '/khong-co', 404],
        ],
      );
      for (const line of lines.slice(0, 2)) {
        assert.ok(Number(line.bytes) > 500, `bytes ${String(line.bytes)}`);
        assert.equal(typeof line.ms, 'number');
      }
      assert.doesNotMatch(JSON.stringify(site.logs), /pac\+nam|pac nam/);
    } finally {
      await site.close();
    }
  });

  it('is silent when turned off', async () => {
    const site = await startSite({ files: { 'bai.txt': 'Bài\n\nMở đầu.\n' } });
    try {
      await (await site.get('/')).text();
      assert.equal(site.logs.filter((l) => l.msg === 'request').length, 0);
    } finally {
      await site.close();
    }
  });
});
