import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { SEARCH_RATE_LIMIT } from '../../src/web/rate-limit.js';
import { rawRequest } from '../helpers/raw-request.js';
import { SEED_FILE, startSite, type TestSite } from '../helpers/site.js';

describe('requests no reader would send', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ files: { 'Thời sự/bai.txt': fs.readFileSync(SEED_FILE) } });
  });
  after(() => site?.close());

  const paths = [
    '/%00',
    '/%E0%A4%A',
    '/chuyen-muc/%FF',
    '/chuyen-muc/thoi-su?trang[]=1',
    '/chuyen-muc/thoi-su?trang=99999999999999999999',
    '/?trang=%',
    '/?trang=1e3',
    '/tac-gia/',
    `/${'a'.repeat(5000)}-1.html`,
    '/-1.html',
    '/0.html',
    '/999999999999999999999.html',
    '/huyen-uy-1.html%00',
    '/media/%00.jpg',
    '/media/',
    '/healthz/x',
  ];
  for (const path of paths) {
    it(`answers ${path.slice(0, 60)} without a server error or a leak`, async () => {
      const { status, body } = await rawRequest(site.url, path);
      assert.ok(status < 500, `${status}`);
      assert.doesNotMatch(body, /at .+\.(ts|js):\d+|Error:/, 'no stack trace leaks');
    });
  }

  // Files beside the site that a probe asks for: the 404 page, never the file. The article the
  // file publishes is served at its own address: the site is up and serving.
  for (const [target, file] of [
    ['/.env', '.env'],
    ['/content/bai.txt', 'Thời sự/bai.txt'],
    ['/Th%E1%BB%9Di%20s%E1%BB%B1/bai.txt', 'Thời sự/bai.txt'],
    ['/package.json', undefined],
  ] as const) {
    it(`answers ${target} with the 404 page, never the file`, async () => {
      if (file === '.env') await site.write('.env', 'PREVIEW_SECRET=bi-mat-khong-duoc-lo\n');
      const { status, headers, body } = await rawRequest(site.url, target);
      assert.equal(status, 404);
      assert.match(headers['content-type'] ?? '', /^text\/html/);
      assert.doesNotMatch(body, /bi-mat-khong-duoc-lo|Thường trực Huyện ủy|"devDependencies"/);
      const article = await rawRequest(site.url, '/1.html');
      assert.equal(article.status, 301, 'the article itself is served');
    });
  }

  // Each reaches the server byte for byte (fetch would resolve the dot segments before sending)
  // and asks for the project's package.json from outside public/.
  const traversals = [
    '/assets/../package.json',
    '/assets/%2e%2e/package.json',
    '/assets/%2E%2E/package.json',
    '/assets/..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/site.css/../../package.json',
    '/assets/..%5cpackage.json',
    '/../package.json',
    '/%2e%2e/package.json',
    '/media/../../package.json',
    '/media/%2e%2e/%2e%2e/package.json',
  ];
  for (const target of traversals) {
    it(`answers ${target} with the 404 page, never a file outside public/`, async () => {
      const { status, headers, body } = await rawRequest(site.url, target);
      assert.equal(status, 404);
      assert.match(headers['content-type'] ?? '', /^text\/html/);
      assert.doesNotMatch(body, /"devDependencies"/);
    });
  }

  it('answers methods it does not serve with 405 and the ones it does, not 500', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const path of ['/', '/khong-co-trang-nay', '/tim-kiem?q=pac']) {
        const res = await site.get(path, { method });
        assert.equal(res.status, 405, `${method} ${path}`);
        assert.equal(res.headers.get('allow'), 'GET, HEAD', `${method} ${path}`);
        assert.match(await res.text(), /Phương thức không được hỗ trợ/);
      }
    }
  });

  it('ignores garbage in cache headers', async () => {
    const res = await site.request('/', { 'if-modified-since': 'hôm qua', 'if-none-match': '"' });
    assert.equal(res.status, 200);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await site.get('/', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });
});

describe('a client searching too often', () => {
  it('gets a Vietnamese 429 page with Retry-After, while other readers and cached searches go on', async () => {
    const site = await startSite({
      files: { 'bai.txt': 'Đảng viên Pác Nặm\n\nMở đầu.\n' },
      searchRateLimit: SEARCH_RATE_LIMIT,
    });
    try {
      // Distinct queries, each a trip to the database.
      const statuses: number[] = [];
      for (let n = 0; n < 15; n++) statuses.push((await site.get(`/tim-kiem?q=tu+${n}`)).status);
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200), 'ten at once are fine');
      assert.ok(
        statuses.slice(10).every((s) => s === 429),
        statuses.join(' '),
      );
      const limited = await site.get('/tim-kiem?q=tu+khac');
      assert.equal(limited.status, 429);
      assert.match(String(limited.headers.get('retry-after')), /^[1-9]\d*$/);
      assert.match(await limited.text(), /Quá nhiều yêu cầu/);
      assert.equal(limited.headers.get('cache-control'), 'no-store', 'never shared with others');
      // A search already answered is served from the cache, and pages are not limited.
      assert.equal((await site.get('/tim-kiem?q=tu+0')).status, 200);
      assert.equal((await site.get('/')).status, 200);
    } finally {
      await site.close();
    }
  });
});
