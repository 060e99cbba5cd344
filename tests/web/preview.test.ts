import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { previewPath } from '../../src/shared/urls.js';
import { startSite, TEST_PREVIEW_SECRET, type TestSite } from '../helpers/site.js';

const DRAFT = `---
title: Bản nháp về chợ phiên
draft: true
section: Kinh tế
tags: [Chợ phiên]
author: Hà An
---
Chợ phiên Bằng Thành sắp mở rộng.

Thân bài bản nháp.
`;

const SCHEDULED = `---
title: Bài hẹn giờ về lễ hội
date: 2099-01-01T08:00:00
section: Kinh tế
---
Lễ hội Lồng Tồng năm nay có thêm nhiều hoạt động.
`;

const PUBLISHED = `---
title: Bài đã đăng
date: 2024-01-01T08:00:00
section: Kinh tế
tags: [Chợ phiên]
author: Hà An
---
Mở đầu bài đã đăng.
`;

describe('draft previews', () => {
  let site: TestSite;
  // Ids by file order: bai-da-dang 1, ban-nhap 2, hen-gio 3.
  before(async () => {
    site = await startSite({
      files: { 'bai-da-dang.md': PUBLISHED, 'ban-nhap.md': DRAFT, 'hen-gio.md': SCHEDULED },
    });
  });
  after(() => site?.close());

  it('shows a draft at its link, as it will look, marked and kept out of search engines and caches', async () => {
    const res = await site.get(previewPath(TEST_PREVIEW_SECRET, 2));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const $ = cheerio.load(await res.text());
    assert.equal($('h1').text(), 'Bản nháp về chợ phiên');
    assert.match($('.preview-banner').text(), /Bản xem trước.*bản nháp, chưa đăng/);
    assert.equal($('meta[name="robots"]').attr('content'), 'noindex');
    assert.match($('.article__body').text(), /Thân bài bản nháp/);
  });

  it('shows a scheduled article with the time it will go out', async () => {
    const res = await site.get(previewPath(TEST_PREVIEW_SECRET, 3));
    assert.equal(res.status, 200);
    const $ = cheerio.load(await res.text());
    assert.match(
      $('.preview-banner').text(),
      /sẽ đăng lúc Thứ Năm, 01\/01\/2099, 08:00 \(GMT\+7\)/,
    );
  });

  it('answers a wrong token, another id, or a token of another secret with a plain 404', async () => {
    const right = previewPath(TEST_PREVIEW_SECRET, 2);
    for (const path of [
      `${right.slice(0, -1)}${right.endsWith('A') ? 'B' : 'A'}`,
      right.replace('/2/', '/3/'),
      previewPath('mot-bi-mat-cu-da-thay-roi', 2),
      '/xem-truoc/2/',
      '/xem-truoc/abc/def',
    ]) {
      const res = await site.get(path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(await res.text(), /Bản nháp về chợ phiên/, path);
    }
  });

  it('changes every link when the secret changes', () => {
    assert.notEqual(previewPath(TEST_PREVIEW_SECRET, 2), previewPath('mot-bi-mat-khac-han', 2));
    assert.notEqual(previewPath(TEST_PREVIEW_SECRET, 2), previewPath(TEST_PREVIEW_SECRET, 3));
  });

  it('reads the database for every preview: the page cache never keeps one', async () => {
    const path = previewPath(TEST_PREVIEW_SECRET, 2);
    await (await site.get(path)).text();
    site.queries.length = 0;
    await (await site.get(path)).text();
    assert.ok(site.queries.length > 0);
  });

  it('leads to the published page once the article is out', async () => {
    const res = await site.get(previewPath(TEST_PREVIEW_SECRET, 1));
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/bai-da-dang-1.html');
  });

  it('keeps drafts and scheduled articles out of every list, feed, sitemap and search', async () => {
    // Each list also holds the published article of the same section, tag and author: the
    // page answers and lists, and only the unpublished ones are missing from it.
    const published = /Bài đã đăng|bai-da-dang-1\.html/;
    for (const [path, listsPublished] of [
      ['/', true],
      ['/chuyen-muc/kinh-te', true],
      ['/chu-de/cho-phien', true],
      ['/tac-gia/ha-an', true],
      ['/rss.xml', true],
      ['/atom.xml', true],
      ['/feed.json', true],
      ['/chuyen-muc/kinh-te/rss.xml', true],
      ['/sitemaps/articles-1.xml', true],
      // Only the last two days' articles: the published one is older.
      ['/sitemaps/news.xml', false],
      ['/tim-kiem?q=ban+nhap', false],
      ['/tim-kiem?q=le+hoi', false],
      ['/tim-kiem?q=mo+dau+bai', true],
    ] as const) {
      const response = await site.get(path);
      assert.equal(response.status, 200, path);
      const body = await response.text();
      if (listsPublished) assert.match(body, published, path);
      assert.doesNotMatch(body, /Bản nháp về chợ phiên|Bài hẹn giờ|xem-truoc/, path);
    }
  });
});
