import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { startSite, type TestSite } from '../helpers/site.js';

// Twenty articles dated one day apart: "Bài số 1" is the oldest, "Bài số 20" the newest.
const files: Record<string, string> = {};
for (let n = 1; n <= 20; n++) {
  const day = String(n).padStart(2, '0');
  files[`bai-${day}.txt`] =
    `---\ndate: 2022-11-${day} 08:00\n---\nBài số ${n}\n\nMở đầu bài ${n}.\n\nThân bài.\n\nHà An\n`;
}

describe('home page', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ files });
  });
  after(() => site?.close());

  it('shows the newest article as the lead story, then the rest newest first', async () => {
    const res = await site.get('/');
    assert.equal(res.status, 200);
    const $ = cheerio.load(await res.text());
    assert.equal($('h1').length, 1);
    assert.equal($('.card--lead .card__title').text().trim(), 'Bài số 20');
    const titles = $('.card-list .card__title')
      .map((_, el) => $(el).text().trim())
      .get();
    assert.deepEqual(
      titles,
      Array.from({ length: 14 }, (_, i) => `Bài số ${19 - i}`),
    );
    assert.equal($('.card--lead .card__sapo').text(), 'Mở đầu bài 20.');
    assert.match($('.card--lead .card__meta').text(), /20\/11\/2022/);
    assert.match($('.card--lead .card__meta').text(), /Hà An/);
  });

  it('links the next page, which holds the older articles', async () => {
    const $ = cheerio.load(await (await site.get('/')).text());
    assert.equal($('a[rel=next]').attr('href'), '/?trang=2');
    const page2 = cheerio.load(await (await site.get('/?trang=2')).text());
    const titles = page2('.card__title')
      .map((_, el) => page2(el).text().trim())
      .get();
    assert.deepEqual(titles, ['Bài số 5', 'Bài số 4', 'Bài số 3', 'Bài số 2', 'Bài số 1']);
    assert.equal(page2('a[rel=prev]').attr('href'), '/');
    assert.equal(page2('a[rel=next]').length, 0);
  });

  it('answers 404 past the last page and for page numbers that are not numbers', async () => {
    for (const query of [
      '?trang=3',
      '?trang=0',
      '?trang=abc',
      '?trang=2.5',
      '?trang=-1',
      '?trang=1&trang=2',
    ]) {
      assert.equal((await site.get(`/${query}`)).status, 404, query);
    }
  });

  it('sends ?trang=1 to / so the first page has one URL', async () => {
    const res = await site.get('/?trang=1');
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/');
  });
});

describe('home page of an empty site', () => {
  it('says there are no articles yet', async () => {
    const site = await startSite();
    try {
      const $ = cheerio.load(await (await site.get('/')).text());
      assert.equal($('.empty').text(), 'Chưa có bài viết nào.');
    } finally {
      await site.close();
    }
  });
});
