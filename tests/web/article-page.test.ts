import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { siteCsp } from '../helpers/csp.js';
import { SEED_FILE, startSite, type TestSite } from '../helpers/site.js';

const SEED_PATH = '/huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam-1.html';

describe('article page', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ files: { 'huyen-uy-pac-nam.txt': fs.readFileSync(SEED_FILE) } });
  });
  after(() => site?.close());

  it('shows the district report at its slug URL, formatted as the reporter wrote it', async () => {
    const res = await site.get(SEED_PATH);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html; charset=utf-8/);
    const $ = cheerio.load(await res.text());
    assert.equal($('html').attr('lang'), 'vi');
    assert.equal($('h1').length, 1);
    assert.equal($('h1').text(), 'Huyện ủy Pác Nặm bám sát thực tiễn thực hiện nhiệm vụ trọng tâm');
    assert.match($('.article__sapo').text(), /^Thời gian qua, Thường trực Huyện ủy Pác Nặm/);
    assert.equal($('.article__body .caption').length, 1);
    assert.equal(
      $('.article__body')
        .text()
        .match(/Bộ phận Văn phòng/gi)?.length,
      1,
    );
    assert.match($('.article__body p').last().text(), /kinh tế - xã hội\.\/\.$/);
    assert.equal($('.article__byline').text().trim(), 'Nguyễn Nghĩa');
    assert.ok($('.article__byline').index() > $('.article__body').index(), 'byline after the body');
    assert.doesNotMatch($('main').text(), /Xem thêm/);
    assert.match(
      $('.article__meta time').first().text(),
      /^Thứ .+, \d\d\/\d\d\/\d{4}, \d\d:\d\d \(GMT\+7\)$/,
    );
    assert.match($('.article__meta time').first().attr('datetime')!, /\+07:00$/);
    assert.equal($('link[rel=canonical]').attr('href'), `https://tin.example.vn${SEED_PATH}`);
  });

  it('answers 301 to the current URL for any other slug with the same id, keeping the query', async () => {
    for (const wrong of ['/tieu-de-cu-1.html', '/1.html', '/HUYEN-UY-1.html']) {
      const res = await site.get(`${wrong}?utm_source=zalo`);
      assert.equal(res.status, 301, wrong);
      assert.equal(res.headers.get('location'), `${SEED_PATH}?utm_source=zalo`);
    }
  });

  it('answers 404 with a Vietnamese page for an id that was never given', async () => {
    const res = await site.get('/khong-co-999.html');
    assert.equal(res.status, 404);
    const $ = cheerio.load(await res.text());
    assert.equal($('h1').text(), 'Không tìm thấy trang');
    assert.equal($('html').attr('lang'), 'vi');
  });

  it('sends security headers with a strict Content-Security-Policy', async () => {
    const res = await site.get(SEED_PATH);
    const csp = res.headers.get('content-security-policy')!;
    assert.equal(csp, siteCsp(await res.text()));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https:|\*/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  it('has no inline script, and no inline style but the stylesheet the policy allows', async () => {
    const $ = cheerio.load(await (await site.get(SEED_PATH)).text());
    assert.equal($('script:not([type="application/ld+json"]):not([src])').length, 0);
    // The share button's and the service worker's scripts are files of the site's own.
    for (const el of $('script[src]').toArray()) {
      assert.match($(el).attr('src')!, /^\/assets\/[a-z-]+\.js\?v=[0-9a-f]+$/);
    }
    assert.equal($('[style]').length, 0);
    assert.equal($('head > style').length, 1);
    assert.equal($('style').length, 1);
  });

  it('lets browsers and shared caches revalidate with ETag and Last-Modified, answering 304', async () => {
    // A browser asks again with the same Accept-Encoding it sent the first time.
    const browser = { 'accept-encoding': 'gzip, deflate, br' };
    const res = await site.request(SEED_PATH, browser);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['cache-control']), /public/);
    const etag = String(res.headers.etag);
    const lastModified = String(res.headers['last-modified']);
    assert.match(etag, /^"[^"]+"$/, 'a strong ETag');
    assert.ok(lastModified);
    const revalidated = await site.request(SEED_PATH, { ...browser, 'if-none-match': etag });
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.headers.etag, etag);
    assert.equal(revalidated.headers.vary, 'Accept-Encoding');
    assert.equal(revalidated.body, '');
    assert.equal(
      (await site.request(SEED_PATH, { ...browser, 'if-modified-since': lastModified })).status,
      304,
    );
    assert.equal(
      (await site.request(SEED_PATH, { ...browser, 'if-none-match': 'W/"other"' })).status,
      200,
    );
  });

  it('compresses pages for clients that accept gzip', async () => {
    const res = await site.get(SEED_PATH, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
  });

  it('carries the whole stylesheet, so the first paint waits for no other request', async () => {
    const $ = cheerio.load(await (await site.get(SEED_PATH)).text());
    assert.equal($('link[rel=stylesheet]').length, 0);
    const style = $('head > style').text();
    // Minified, dark and print styles included.
    assert.match(style, /\.article__sapo\{[^}]*font-weight:700/);
    assert.match(style, /@media \(prefers-color-scheme:dark\)\{/);
    assert.match(style, /@media print\{/);
    assert.doesNotMatch(style, /\/\*|\n/, 'no comments or line breaks');
    for (const el of $('script[src]').toArray()) assert.ok($(el).is('[defer]'), $(el).attr('src'));
  });

  it('answers 410 with a Vietnamese page once the file is deleted, and 200 again when it returns', async () => {
    const file = `${site.contentDir}/huyen-uy-pac-nam.txt`;
    fs.rmSync(file);
    await site.importer.sync({ settleMs: 0 });
    const gone = await site.get(SEED_PATH);
    assert.equal(gone.status, 410);
    assert.equal(
      cheerio
        .load(await gone.text())('h1')
        .text(),
      'Bài viết đã bị gỡ',
    );
    assert.equal((await site.get('/tieu-de-cu-1.html')).status, 410);

    fs.writeFileSync(file, fs.readFileSync(SEED_FILE));
    await site.importer.sync({ settleMs: 0 });
    assert.equal((await site.get(SEED_PATH)).status, 200);
  });

  it('never answers 500 to malformed URLs', async () => {
    for (const bad of [
      '/%E0%A4%A',
      '/%',
      '/abc-%FF.html',
      '/a-1.html/..%2f..%2fetc',
      '/?trang=%',
    ]) {
      const res = await site.get(bad);
      assert.ok(res.status >= 400 && res.status < 500, `${bad} answered ${res.status}`);
    }
  });
});
