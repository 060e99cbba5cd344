import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedEncodings } from '../../src/web/accept-encoding.js';
import { createPageCache } from '../../src/web/page-cache.js';
import {
  addAllVariants,
  addVariant,
  renderPage,
  type RenderedPage,
} from '../../src/web/rendered-page.js';
import { findPageTarget } from '../../src/web/routes.js';

const rendered = (text: string): RenderedPage =>
  renderPage({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: text,
    lastModifiedMs: undefined,
    generation: 1,
  });

/** A page in every encoding, as the cache holds it once its first answer is out. */
const page = async (text: string): Promise<RenderedPage> => {
  const made = rendered(text);
  await addAllVariants(made);
  return made;
};

describe('renderPage', () => {
  it('makes identity at once and each compressed encoding once, when asked', async () => {
    const made = rendered(`<p>${'Huyện Pác Nặm. '.repeat(200)}</p>`);
    assert.deepEqual(Object.keys(made.variants), ['identity']);
    const identityBytes = made.bytes;
    // Two readers asking at once: one compresses, the other waits for it.
    const [grown, again] = await Promise.all([addVariant(made, 'gzip'), addVariant(made, 'gzip')]);
    assert.ok(grown > 0 && grown < identityBytes, `gzip added ${grown} bytes`);
    assert.equal(again, 0, 'made once for both');
    assert.equal(made.bytes, identityBytes + grown);
    assert.equal(await addVariant(made, 'gzip'), 0, 'made once');
    assert.ok((await addAllVariants(made)) > 0, 'brotli still to make');
    assert.deepEqual(Object.keys(made.variants).sort(), ['br', 'gzip', 'identity']);
  });

  it('leaves a body too small to be worth compressing in identity only', async () => {
    const small = rendered('<p>Ngắn.</p>');
    assert.equal(await addVariant(small, 'br'), 0);
    assert.equal(await addAllVariants(small), 0);
    assert.deepEqual(Object.keys(small.variants), ['identity']);
  });
});

describe('createPageCache', async () => {
  it('never holds more bytes than its budget, whatever is put in', async () => {
    const budget = 64 * 1024;
    const cache = createPageCache({ maxBytes: budget });
    for (let n = 0; n < 200; n++) {
      cache.set(`/bai-${n}.html`, await page(`<p>${`Bài số ${n}, `.repeat(150 + n)}</p>`));
      assert.ok(cache.bytes <= budget, `${cache.bytes} bytes after ${n + 1} pages`);
    }
    assert.ok(cache.size > 1 && cache.size < 200, `${cache.size} pages kept`);
  });

  it('drops the least recently used page first', async () => {
    const one = await page('x'.repeat(2000));
    const cache = createPageCache({ maxBytes: one.bytes * 3 + 100 });
    cache.set('/a', one);
    cache.set('/b', await page('y'.repeat(2000)));
    cache.set('/c', await page('z'.repeat(2000)));
    assert.ok(cache.get('/a'), 'reading /a makes it recent');
    cache.set('/d', await page('w'.repeat(2000)));
    assert.deepEqual(
      ['/a', '/b', '/c', '/d'].map((k) => cache.get(k) !== undefined),
      [true, false, true, true],
    );
  });

  it('stores nothing with a budget of 0, and skips a page larger than the budget', async () => {
    const off = createPageCache({ maxBytes: 0 });
    assert.equal(off.set('/', await page('trang chủ')), false);
    assert.equal(off.get('/'), undefined);
    const small = createPageCache({ maxBytes: 1000 });
    assert.equal(small.set('/lon', await page('x'.repeat(5000))), false);
    assert.equal(small.get('/lon'), undefined);
    assert.equal(small.bytes, 0);
  });

  it('counts a stored page again when it grows, and keeps to the budget', async () => {
    const text = (n: number) => `<p>${`Tin số ${n} từ Pác Nặm. `.repeat(300)}</p>`;
    const first = rendered(text(1));
    const budget = first.bytes * 3;
    const cache = createPageCache({ maxBytes: budget });
    assert.equal(cache.set('/a', first), true);
    cache.set('/b', rendered(text(2)));
    const before = cache.bytes;
    const grown = await addAllVariants(first);
    cache.update('/a', first);
    assert.equal(cache.bytes, before + grown, 'the new variants are counted');
    for (let n = 3; n < 20; n++) {
      const other = rendered(text(n));
      cache.set(`/${n}`, other);
      await addAllVariants(other);
      cache.update(`/${n}`, other);
      assert.ok(cache.bytes <= budget, `${cache.bytes} bytes after page ${n}`);
    }
  });

  it('does not count a page again under a key that now holds another', async () => {
    const cache = createPageCache({ maxBytes: 1_000_000 });
    const old = rendered(`<p>${'cũ '.repeat(400)}</p>`);
    cache.set('/a', old);
    const replacement = await page(`<p>${'mới '.repeat(400)}</p>`);
    cache.set('/a', replacement);
    const before = cache.bytes;
    await addAllVariants(old);
    cache.update('/a', old);
    assert.equal(cache.get('/a'), replacement);
    assert.equal(cache.bytes, before);
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
