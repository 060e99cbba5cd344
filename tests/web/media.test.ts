import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import sharp from 'sharp';
import { rawRequest } from '../helpers/raw-request.js';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { startSite, type TestSite } from '../helpers/site.js';

const picture = (width: number, height: number, format: 'jpeg' | 'png', shade = 120) =>
  sharp({ create: { width, height, channels: 3, background: { r: shade, g: 90, b: 60 } } })
    .toFormat(format)
    .toBuffer();

const ARTICLE = `---
title: Ruộng bậc thang mùa nước đổ
image: anh/ruong.jpg
image_alt: Ruộng bậc thang ở xã Bộc Bố
image_caption: "Ruộng bậc thang ở Bộc Bố (Ảnh: Hà An)"
---
Mùa nước đổ về Pác Nặm.

![Bản đồ xã Bộc Bố](ban-do.png "Bản đồ xã Bộc Bố")

Đoạn cuối.
`;

describe('images', () => {
  let site: TestSite;
  let outside: string;
  before(async () => {
    site = await startSite({
      files: {
        'Thời sự/anh/ruong.jpg': await picture(1600, 900, 'jpeg'),
        'Thời sự/ban-do.png': await picture(500, 300, 'png'),
        'Thời sự/ruong.md': ARTICLE,
        'thieu-anh.txt': '---\nimage: anh/khong-co.jpg\n---\nThiếu ảnh\n\nMở đầu.\n',
      },
    });
    outside = path.join(path.dirname(site.contentDir), 'bi-mat.jpg');
    await fs.writeFile(outside, await picture(100, 100, 'jpeg'));
    await fs.symlink(outside, path.join(site.contentDir, 'lien-ket.jpg'));
  });
  after(() => site?.close());

  async function pageOf(title: string) {
    const row = await site.db.get<{ id: number; slug: string }>(
      'SELECT id, slug FROM articles WHERE title = ?',
      [title],
    );
    return cheerio.load(await (await site.get(`/${row!.slug}-${row!.id}.html`)).text());
  }
  const articlePage = () => pageOf('Ruộng bậc thang mùa nước đổ');

  it('shows the lead picture with its size, alt text and caption, loaded first', async () => {
    const $ = await articlePage();
    const img = $('.article__image img');
    assert.equal(img.attr('width'), '1600');
    assert.equal(img.attr('height'), '900');
    assert.equal(img.attr('alt'), 'Ruộng bậc thang ở xã Bộc Bố');
    assert.equal(img.attr('loading'), undefined);
    assert.equal(img.attr('fetchpriority'), 'high');
    assert.match(
      img.attr('src')!,
      /^\/media\/Th%E1%BB%9Di%20s%E1%BB%B1\/anh\/ruong\.jpg\?v=[0-9a-f]{12}$/,
    );
    assert.equal($('.article__image figcaption').text(), 'Ruộng bậc thang ở Bộc Bố (Ảnh: Hà An)');
  });

  it('offers every smaller width in WebP and the original format, never a larger one', async () => {
    const $ = await articlePage();
    const widths = (srcset: string) =>
      srcset.split(', ').map((c) => Number(c.split(' ')[1]!.slice(0, -1)));
    assert.deepEqual(
      widths($('.article__image img').attr('srcset')!),
      [320, 480, 640, 960, 1280, 1600],
    );
    assert.deepEqual(
      widths($('.article__image source[type="image/webp"]').attr('srcset')!),
      [320, 480, 640, 960, 1280, 1600],
    );
    const body = $('.article__body figure img');
    assert.equal(body.attr('width'), '500');
    assert.equal(body.attr('loading'), 'lazy');
    assert.deepEqual(widths(body.attr('srcset')!), [320, 480, 500]);
    assert.equal($('.article__body figure figcaption').text(), 'Bản đồ xã Bộc Bố');
  });

  it('serves the versioned original with a year of caching', async () => {
    const src = (await articlePage())('.article__image img').attr('src')!;
    const res = await site.get(src);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  it('makes each size once, in the format asked for, and serves it again from disk', async () => {
    const $ = await articlePage();
    const webp640 = $('.article__image source').attr('srcset')!.split(', ')[2]!.split(' ')[0]!;
    const first = await site.get(webp640);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'image/webp');
    const bytes = Buffer.from(await first.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    assert.equal(meta.format, 'webp');
    assert.equal(meta.width, 640);
    assert.equal(meta.height, 360);
    const cached = await fs.readdir(
      path.join(path.dirname(site.contentDir), 'data', 'media-cache'),
    );
    assert.equal(cached.length, 1);
    const again = Buffer.from(await (await site.get(webp640)).arrayBuffer());
    assert.ok(again.equals(bytes));
  });

  it('never upscales, and refuses sizes and formats it does not offer', async () => {
    const big = await site.get('/media/Th%E1%BB%9Di%20s%E1%BB%B1/ban-do.png?w=1920');
    assert.equal(big.status, 200);
    assert.equal((await sharp(Buffer.from(await big.arrayBuffer())).metadata()).width, 500);
    for (const query of ['?w=123', '?w=abc', '?f=gif', '?w=640&w=320']) {
      assert.equal(
        (await site.get(`/media/Th%E1%BB%9Di%20s%E1%BB%B1/ban-do.png${query}`)).status,
        404,
        query,
      );
    }
  });

  it('never serves anything outside content/ or anything but images', async () => {
    // Written on the socket as they are: fetch would resolve "../" and "%2e%2e" first.
    for (const target of [
      '/media/../bi-mat.jpg',
      '/media/%2e%2e/bi-mat.jpg',
      '/media/%2E%2E/bi-mat.jpg',
      '/media/..%2fbi-mat.jpg',
      '/media/..%2Fbi-mat.jpg',
      '/media/anh/../../bi-mat.jpg',
      '/media/.%2e/bi-mat.jpg',
      '/media/..%5cbi-mat.jpg',
      '/media/lien-ket.jpg',
      '/media/Th%E1%BB%9Di%20s%E1%BB%B1/ruong.md',
      '/media/thieu-anh.txt',
      '/media/%E0%A4%A.jpg',
    ]) {
      const { status, headers } = await rawRequest(site.url, target);
      assert.equal(status, 404, target);
      assert.match(headers['content-type'] ?? '', /^text\/html/, target);
    }
  });

  it('warns about a missing picture by file name, then shows it once the editor adds it', async () => {
    const problems = await site.db.all<{
      file: string;
      severity: string;
      message: string;
      line: number;
    }>('SELECT file, severity, message, line FROM file_problems');
    assert.deepEqual(
      problems.map((p) => [p.file, p.severity, p.line]),
      [['thieu-anh.txt', 'warning', 2]],
    );
    assert.match(problems[0]!.message, /không tìm thấy ảnh "anh\/khong-co\.jpg"/);
    const before = await pageOf('Thiếu ảnh');
    assert.equal(before('.article__image').length, 0);

    await site.write('anh/khong-co.jpg', await picture(800, 600, 'jpeg'));
    await site.importer.sync({ settleMs: 0 });
    const after = await pageOf('Thiếu ảnh');
    assert.equal(after('.article__image img').attr('width'), '800');
    assert.deepEqual(await site.db.all('SELECT file FROM file_problems'), []);
  });

  it('gives a replaced picture a new URL, so caches fetch the new one', async () => {
    const before = (await articlePage())('.article__image img').attr('src')!;
    await site.write('Thời sự/anh/ruong.jpg', await picture(1200, 800, 'jpeg', 200));
    await site.importer.sync({ settleMs: 0 });
    await waitFor(
      async () => (await articlePage())('.article__image img').attr('src') !== before,
      WATCHER_WAIT_MS,
      'a new URL',
    );
    const img = (await articlePage())('.article__image img');
    assert.equal(img.attr('width'), '1200');
    assert.equal(img.attr('height'), '800');
  });
});

describe('images as a static file server answers for them', () => {
  const MAP = '/media/Th%E1%BB%9Di%20s%E1%BB%B1/ban-do.png';
  let site: TestSite | undefined;
  let url: string;
  let bytes: Buffer;
  before(async () => {
    bytes = await picture(500, 300, 'png');
    site = await startSite({ files: { 'Thời sự/ban-do.png': bytes } });
    url = site.url;
  });
  after(() => site?.close());

  it('sends part of a picture for a Range, and 416 with the size for a range past its end', async () => {
    const part = await rawRequest(url, MAP, { headers: { range: 'bytes=0-99' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers['accept-ranges'], 'bytes');
    assert.equal(part.headers['content-range'], `bytes 0-99/${bytes.length}`);
    assert.ok(part.bytes.equals(bytes.subarray(0, 100)));

    for (const range of [
      `bytes=${bytes.length}-`,
      `bytes=${bytes.length + 10}-${bytes.length + 20}`,
    ]) {
      const past = await rawRequest(url, MAP, { headers: { range } });
      assert.equal(past.status, 416, range);
      assert.equal(past.headers['content-range'], `bytes */${bytes.length}`, range);
      assert.doesNotMatch(past.headers['content-type'] ?? '', /^image\//, range);
    }
  });

  it('answers 304 to a matching If-None-Match and 412 to a failing If-Match or If-Unmodified-Since', async () => {
    const full = await rawRequest(url, MAP);
    assert.equal(full.status, 200);
    assert.equal(full.headers['accept-ranges'], 'bytes');
    assert.ok(full.bytes.equals(bytes));
    const etag = full.headers.etag!;
    const lastModified = full.headers['last-modified']!;
    assert.match(etag, /^"[^"]+"$/, 'a strong ETag, as If-Match needs');
    assert.ok(lastModified);

    const cases: [Record<string, string>, number][] = [
      [{ 'if-none-match': etag }, 304],
      [{ 'if-none-match': '"khac"' }, 200],
      [{ 'if-match': etag }, 200],
      [{ 'if-match': '"khac"' }, 412],
      [{ 'if-unmodified-since': lastModified }, 200],
      [{ 'if-unmodified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' }, 412],
    ];
    for (const [headers, status] of cases) {
      const response = await rawRequest(url, MAP, { headers });
      assert.equal(response.status, status, JSON.stringify(headers));
      if (status !== 200) assert.equal(response.bytes.includes(bytes.subarray(0, 16)), false);
    }
  });

  it('answers HEAD with the length of the picture and no body', async () => {
    const head = await rawRequest(url, MAP, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-type'], 'image/png');
    assert.equal(head.headers['content-length'], String(bytes.length));
    assert.equal(head.bytes.length, 0);
  });

  it('refuses other methods with 405 and Allow: GET, HEAD, and the picture stays', async () => {
    for (const method of ['DELETE', 'PUT', 'POST', 'PATCH', 'OPTIONS']) {
      const response = await rawRequest(url, MAP, {
        method,
        headers: { 'content-length': '0' },
      });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.allow, 'GET, HEAD', method);
      assert.match(response.headers['content-type'] ?? '', /^text\/html/, method);
    }
    assert.equal((await rawRequest(url, MAP)).status, 200);
  });
});

describe('the resized-image cache', () => {
  const LIMIT = 100_000;
  const PHOTO = '/media/anh/nhieu-hat.jpg';
  let site: TestSite | undefined;
  let cacheDir: string;
  before(async () => {
    // Noise compresses badly, so each resized copy weighs something.
    const photo = await sharp({
      create: {
        width: 800,
        height: 450,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg()
      .toBuffer();
    site = await startSite({ files: { 'anh/nhieu-hat.jpg': photo }, mediaCacheMaxBytes: LIMIT });
    cacheDir = path.join(path.dirname(site.contentDir), 'data', 'media-cache');
  });
  after(() => site?.close());

  const listCache = async () => {
    const names = await fs.readdir(cacheDir).catch(() => [] as string[]);
    const sizes = await Promise.all(
      names.map(async (name) => (await fs.stat(path.join(cacheDir, name))).size),
    );
    return { names, bytes: sizes.reduce((a, b) => a + b, 0) };
  };

  it('stays under its size by removing the oldest copies first, and makes a removed one again', async () => {
    const made: { query: string; name: string; size: number }[] = [];
    for (const query of [
      '?w=320',
      '?w=480',
      '?w=640',
      '?w=320&f=webp',
      '?w=480&f=webp',
      '?w=640&f=webp',
    ]) {
      const before = new Set((await listCache()).names);
      const response = await site!.get(PHOTO + query);
      assert.equal(response.status, 200, query);
      const size = (await response.arrayBuffer()).byteLength;
      const after = await listCache();
      const name = after.names.find((n) => !before.has(n));
      assert.ok(name, `${query} is kept in the cache`);
      made.push({ query, name, size });
      assert.ok(after.bytes <= LIMIT, `${after.bytes} bytes in the cache after ${query}`);
    }
    assert.ok(Math.max(...made.map((m) => m.size)) < LIMIT, 'each copy fits on its own');
    assert.ok(made.reduce((sum, m) => sum + m.size, 0) > LIMIT, 'together they do not');

    // What is left is the newest copies, without a gap: the oldest went first.
    const left = (await listCache()).names;
    const kept = made.filter((m) => left.includes(m.name));
    assert.ok(kept.length < made.length);
    assert.deepEqual(kept, made.slice(made.length - kept.length));

    const removed = made[0]!;
    const again = await site!.get(PHOTO + removed.query);
    assert.equal(again.status, 200);
    assert.equal((await sharp(Buffer.from(await again.arrayBuffer())).metadata()).width, 320);
    assert.ok((await listCache()).bytes <= LIMIT);
  });
});
