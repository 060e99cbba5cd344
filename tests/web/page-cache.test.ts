import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedEncodings } from '../../src/web/accept-encoding.js';
import { createPageCache } from '../../src/web/page-cache.js';
import { renderPage, type RenderedPage } from '../../src/web/rendered-page.js';
import { findPageTarget } from '../../src/web/routes.js';

const page = (text: string): RenderedPage =>
  renderPage({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: text,
    lastModifiedMs: undefined,
    generation: 1,
    encodings: ['identity', 'gzip', 'br'],
  });

describe('createPageCache', () => {
  it('never holds more bytes than its budget, whatever is put in', () => {
    const budget = 64 * 1024;
    const cache = createPageCache({ maxBytes: budget });
    for (let n = 0; n < 200; n++) {
      cache.set(`/bai-${n}.html`, page(`<p>${`Bài số ${n}, `.repeat(150 + n)}</p>`));
      assert.ok(cache.bytes <= budget, `${cache.bytes} bytes after ${n + 1} pages`);
    }
    assert.ok(cache.size > 1 && cache.size < 200, `${cache.size} pages kept`);
  });

  it('drops the least recently used page first', () => {
    const one = page('x'.repeat(2000));
    const cache = createPageCache({ maxBytes: one.bytes * 3 + 100 });
    cache.set('/a', one);
    cache.set('/b', page('y'.repeat(2000)));
    cache.set('/c', page('z'.repeat(2000)));
    assert.ok(cache.get('/a'), 'reading /a makes it recent');
    cache.set('/d', page('w'.repeat(2000)));
    assert.deepEqual(
      ['/a', '/b', '/c', '/d'].map((k) => cache.get(k) !== undefined),
      [true, false, true, true],
    );
  });

  it('stores nothing with a budget of 0, and skips a page larger than the budget', () => {
    const off = createPageCache({ maxBytes: 0 });
    off.set('/', page('trang chủ'));
    assert.equal(off.get('/'), undefined);
    const small = createPageCache({ maxBytes: 1000 });
    small.set('/lon', page('x'.repeat(5000)));
    assert.equal(small.get('/lon'), undefined);
    assert.equal(small.bytes, 0);
  });
});

describe('findPageTarget', () => {
  const table: [string, string | undefined, string | undefined][] = [
    ['/', '/', 'pages'],
    ['/?utm_source=zalo&utm_medium=chat', '/', 'pages'],
    ['/?fbclid=IwAR0abc&trang=2', '/?trang=2', 'pages'],
    ['/?trang=2&trang=3', '/?trang=2&trang=3', 'pages'],
    ['/bai-viet-12.html?utm_campaign=tet', '/bai-viet-12.html', 'pages'],
    ['/chuyen-muc/thoi-su?gclid=x&trang=3', '/chuyen-muc/thoi-su?trang=3', 'pages'],
    ['/tim-kiem?q=pac%20%20nam&utm_source=x', '/tim-kiem?q=pac+nam', 'search'],
    ['/rss.xml?ref=feedly', '/rss.xml', 'pages'],
    ['/healthz', undefined, undefined],
    ['/media/anh.jpg?w=640', undefined, undefined],
    ['/assets/site.css?v=1', undefined, undefined],
  ];
  for (const [url, key, cache] of table) {
    it(`keys ${url} as ${key ?? 'not cached'}`, () => {
      const target = findPageTarget(url);
      assert.equal(target?.url, key);
      assert.equal(target?.cache, cache);
    });
  }
});

describe('acceptedEncodings', () => {
  const table: [string | undefined, string[]][] = [
    [undefined, ['identity']],
    ['gzip, deflate, br, zstd', ['br', 'gzip', 'identity']],
    ['gzip', ['gzip', 'identity']],
    ['br;q=0, gzip;q=0.8', ['gzip', 'identity']],
    ['GZIP', ['gzip', 'identity']],
    ['*', ['br', 'gzip', 'identity']],
    ['gzip;q=0, *', ['br', 'identity']],
    ['identity;q=0', []],
    ['gzip;q=abc', ['identity']],
  ];
  for (const [header, expected] of table) {
    it(`reads "${header}" as ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(acceptedEncodings(header), expected);
    });
  }
});
