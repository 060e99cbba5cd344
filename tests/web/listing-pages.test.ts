import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { cardTitles, startSite, type TestSite } from '../helpers/site.js';

const titlesOf = cardTitles;

describe('section, tag and author pages', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({
      files: {
        'Thời sự/hoi-nghi.txt':
          '---\ndate: 2022-11-20\ntags: [Pác Nặm, Hội nghị]\n---\nHội nghị tổng kết\n\nMở đầu.\n\nThân bài.\n\nNguyễn Nghĩa\n',
        'Thời sự/giao-thong.txt':
          '---\ndate: 2022-11-21\ntags: [Giao thông]\n---\nĐường 258B được nâng cấp\n\nMở đầu.\n\nThân bài.\n\nHà An\n',
        'Kinh tế/vu-xuan.txt':
          '---\ndate: 2022-11-22\ntags: [pác nặm]\nsection: Nông nghiệp\n---\nVụ xuân đúng tiến độ\n\nMở đầu.\n\nThân bài.\n\nNguyễn Nghĩa\n',
        'ngoai-muc.txt': '---\ndate: 2022-11-23\n---\nBài không chuyên mục\n\nMở đầu.\n',
      },
    });
  });
  after(() => site?.close());

  it('lists a subfolder as a section, newest first, under its name as written', async () => {
    const res = await site.get('/chuyen-muc/thoi-su');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.deepEqual(titlesOf(html), ['Đường 258B được nâng cấp', 'Hội nghị tổng kết']);
    assert.match(cheerio.load(html)('h1').text(), /Thời sự/);
  });

  it('lets front matter move an article to another section', async () => {
    assert.deepEqual(titlesOf(await (await site.get('/chuyen-muc/nong-nghiep')).text()), [
      'Vụ xuân đúng tiến độ',
    ]);
    assert.equal((await site.get('/chuyen-muc/kinh-te')).status, 404);
  });

  it('lists a tag across sections, whatever its capitalisation', async () => {
    const res = await site.get('/chu-de/pac-nam');
    assert.equal(res.status, 200);
    assert.deepEqual(titlesOf(await res.text()), ['Vụ xuân đúng tiến độ', 'Hội nghị tổng kết']);
  });

  it('lists an author from the byline', async () => {
    const html = await (await site.get('/tac-gia/nguyen-nghia')).text();
    assert.deepEqual(titlesOf(html), ['Vụ xuân đúng tiến độ', 'Hội nghị tổng kết']);
    assert.match(cheerio.load(html)('h1').text(), /Nguyễn Nghĩa/);
  });

  it('shows the section in the article breadcrumb and links its tags and author', async () => {
    const section = cheerio.load(await (await site.get('/chuyen-muc/thoi-su')).text());
    const url = section('.card__title a').last().attr('href')!;
    assert.match(url, /^\/hoi-nghi-tong-ket-\d+\.html$/);
    const $ = cheerio.load(await (await site.get(url)).text());
    const crumbs = $('.breadcrumbs a')
      .map((_, el) => [[$(el).text(), $(el).attr('href')]])
      .get();
    assert.deepEqual(crumbs, [
      ['Trang chủ', '/'],
      ['Thời sự', '/chuyen-muc/thoi-su'],
    ]);
    assert.deepEqual(
      $('.article__tags a')
        .map((_, el) => $(el).attr('href'))
        .get(),
      ['/chu-de/pac-nam', '/chu-de/hoi-nghi'],
    );
    assert.equal($('.article__byline a').attr('href'), '/tac-gia/nguyen-nghia');
  });

  it('puts every section with articles in the navigation of every page', async () => {
    for (const path of ['/', '/khong-co-trang']) {
      const $ = cheerio.load(await (await site.get(path)).text());
      const nav = $('.sitenav a')
        .map((_, el) => $(el).text())
        .get();
      assert.deepEqual(nav, ['Trang chủ', 'Thời sự', 'Nông nghiệp']);
    }
  });

  it('answers 404 for an unknown group and past the last page', async () => {
    for (const path of [
      '/chuyen-muc/khong-co',
      '/chu-de/khong-co',
      '/tac-gia/khong-co',
      '/chuyen-muc/thoi-su?trang=2',
    ]) {
      assert.equal((await site.get(path)).status, 404, path);
    }
  });
});
