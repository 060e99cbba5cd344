import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { parseArticle } from '../../src/content/parse/parse-article.js';
import { foldForSearch } from '../../src/shared/search-words.js';
import { articlePath } from '../../src/shared/urls.js';
import { NEWS_ARTICLES } from '../helpers/news-articles.js';
import { SEED_FILE, startSite, type TestSite } from '../helpers/site.js';
import { createTestClock } from '../../src/shared/clock.js';

/** The district report and a dozen local news articles. */
async function newsFiles(): Promise<Record<string, string>> {
  return {
    'Thời sự/huyen-uy-pac-nam.txt': await fs.readFile(SEED_FILE, 'utf8'),
    ...NEWS_ARTICLES,
  };
}

interface Results {
  status: number;
  urls: string[];
  html: string[];
}

/** Every result URL of a search, following "Trang sau" to the last page. */
async function searchAll(site: TestSite, query: string): Promise<Results> {
  const results: Results = { status: 0, urls: [], html: [] };
  let next: string | undefined = `/tim-kiem?q=${encodeURIComponent(query)}`;
  while (next !== undefined) {
    const response = await site.get(next);
    results.status = response.status;
    if (response.status !== 200) break;
    const $ = cheerio.load(await response.text());
    $('.search-result').each((_i, el) => {
      results.urls.push($(el).find('h2 a').attr('href')!);
      results.html.push($(el).html()!);
    });
    next = $('.pagination a[rel="next"]').attr('href');
  }
  return results;
}

/** URL path of every imported article whose source file contains `text` (case-insensitive). */
async function articlesContaining(site: TestSite, files: Record<string, string>, text: string) {
  const rows = await site.db.all<{ id: number; slug: string; source_path: string }>(
    'SELECT id, slug, source_path FROM articles',
  );
  return rows
    .filter((r) => files[r.source_path]!.toLowerCase().includes(text.toLowerCase()))
    .map(articlePath)
    .sort();
}

/**
 * URL path of every article whose text, as the index is given it (title, lead and body, read by
 * parseArticle from its file), has each word of `query` once folded.
 */
async function articlesWithFoldedWords(
  site: TestSite,
  files: Record<string, string>,
  query: string,
): Promise<string[]> {
  const words = foldForSearch(query).split(/\s+/);
  const rows = await site.db.all<{ id: number; slug: string; source_path: string }>(
    'SELECT id, slug, source_path FROM articles',
  );
  return rows
    .filter((r) => {
      const { bodyText } = parseArticle({
        file: r.source_path,
        bytes: Buffer.from(files[r.source_path]!),
      });
      const text = ` ${foldForSearch(bodyText).replace(/[^a-z0-9]+/g, ' ')} `;
      return words.every((w) => text.includes(` ${w} `));
    })
    .map(articlePath)
    .sort();
}

describe('search over news articles', () => {
  let site: TestSite;
  let files: Record<string, string>;
  before(async () => {
    files = await newsFiles();
    site = await startSite({ files });
  });
  after(() => site?.close());

  const table: [query: string, accented: string][] = [
    ['pac nam', 'Pác Nặm'],
    ['Pac Nam', 'Pác Nặm'],
    ['PÁC NẶM', 'Pác Nặm'],
    ['dang vien', 'đảng viên'],
    ['đảng viên', 'đảng viên'],
    ['duoc', 'được'],
    ['được', 'được'],
    ['ho tro', 'hỗ trợ'],
    ['hỗ trợ', 'hỗ trợ'],
    ['hỗ trợ'.normalize('NFD'), 'hỗ trợ'], // typed with combining marks
  ];
  for (const [query, accented] of table) {
    it(`"${query}" finds every article containing "${accented}", and no other`, async () => {
      const expected = await articlesContaining(site, files, accented);
      assert.ok(expected.length > 0, `the test articles contain "${accented}"`);
      const { urls } = await searchAll(site, query);
      for (const url of expected) assert.ok(urls.includes(url), `${url} missing from ${query}`);
      assert.equal(new Set(urls).size, urls.length, 'no article listed twice');
      // Folded, "dang vien" also finds "đang … viên": every word, in any order, any accent.
      assert.deepEqual([...urls].sort(), await articlesWithFoldedWords(site, files, query));
    });
  }

  it('marks the matched words in the accented title and snippet', async () => {
    const { html } = await searchAll(site, 'pac nam');
    const $ = cheerio.load(html.join('\n'));
    const marked = $('mark')
      .map((_i, el) => $(el).text())
      .get();
    assert.ok(marked.includes('Pác'), marked.join(','));
    assert.ok(marked.includes('Nặm'), marked.join(','));
    assert.ok(
      marked.every((m) => ['pac', 'nam'].includes(foldForSearch(m))),
      `only query words are marked: ${marked.join(',')}`,
    );
    assert.ok($('h2 mark').length > 0, 'the title is highlighted too');
  });

  it('paginates: 10 results a page, every result once, 404 past the end', async () => {
    const expected = await articlesContaining(site, files, 'được');
    assert.ok(expected.length > 10, 'enough articles for two pages');
    const first = cheerio.load(await (await site.get('/tim-kiem?q=duoc')).text());
    assert.equal(first('.search-result').length, 10);
    assert.equal(first('.pagination a[rel="next"]').attr('href'), '/tim-kiem?q=duoc&trang=2');
    const second = await site.get('/tim-kiem?q=duoc&trang=2');
    assert.equal(second.status, 200);
    const $2 = cheerio.load(await second.text());
    assert.equal(first('.search-result').length + $2('.search-result').length, expected.length);
    assert.equal($2('.pagination a[rel="prev"]').attr('href'), '/tim-kiem?q=duoc');
    assert.equal((await site.get('/tim-kiem?q=duoc&trang=9')).status, 404);
    assert.equal((await site.get('/tim-kiem?q=duoc&trang=abc')).status, 404);
  });

  it('says "Không tìm thấy kết quả" when nothing matches', async () => {
    const response = await site.get('/tim-kiem?q=xyzzyqua');
    assert.equal(response.status, 200);
    const $ = cheerio.load(await response.text());
    assert.match($('main').text(), /Không tìm thấy kết quả/);
    assert.equal($('.search-result').length, 0);
  });

  it('shows the search form and no results for an empty query', async () => {
    for (const url of ['/tim-kiem', '/tim-kiem?q=', '/tim-kiem?q=%20%20']) {
      const response = await site.get(url);
      assert.equal(response.status, 200, url);
      const $ = cheerio.load(await response.text());
      assert.equal($('main form[action="/tim-kiem"] input[name="q"]').length, 1, url);
      assert.equal($('.search-result').length, 0, url);
      assert.doesNotMatch($('main').text(), /Không tìm thấy kết quả/, url);
    }
  });

  const hostile: [string, string][] = [
    ['a double quote', '/tim-kiem?q=%22'],
    ['unbalanced quotes around words', '/tim-kiem?q=%22pac%20nam'],
    ['a star', '/tim-kiem?q=*'],
    ['a prefix star', '/tim-kiem?q=pac*'],
    ['a parenthesis', '/tim-kiem?q=('],
    ['OR alone', '/tim-kiem?q=OR'],
    ['AND NOT between words', '/tim-kiem?q=pac%20AND%20NOT%20nam'],
    ['NEAR(', '/tim-kiem?q=NEAR('],
    ['NEAR with arguments', '/tim-kiem?q=NEAR(pac%20nam%2C%202)'],
    ['a column filter', '/tim-kiem?q=title%3Apac'],
    ['a caret and a minus', '/tim-kiem?q=%5Epac%20-nam'],
    ['braces', '/tim-kiem?q=%7Btitle%7D%3A%20pac'],
    ['2,000 characters', `/tim-kiem?q=${'đảng%20viên%20'.repeat(200).slice(0, 2000)}`],
    ['one 2,000-letter word', `/tim-kiem?q=${'a'.repeat(2000)}`],
    ['invalid percent-encoding', '/tim-kiem?q=%E0%A4%A'],
    ['a lone percent sign', '/tim-kiem?q=%'],
    ['an array via q[]', '/tim-kiem?q[]=a'],
    ['a repeated q', '/tim-kiem?q=pac&q=nam'],
    ['q as an object', '/tim-kiem?q[a]=b'],
    ['a NUL byte', '/tim-kiem?q=pac%00nam'],
    ['a lone combining mark', '/tim-kiem?q=%CC%81'],
    ['HTML', '/tim-kiem?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
  ];
  for (const [what, url] of hostile) {
    it(`answers a page for ${what}`, async () => {
      const response = await site.get(url);
      assert.equal(response.status, 200, url);
      const html = await response.text();
      assert.doesNotMatch(html, /<script>alert/);
      const $ = cheerio.load(html);
      assert.equal($('h1').text().trim(), 'Tìm kiếm');
    });
  }

  it('treats a repeated q as its first value', async () => {
    const { urls } = await searchAll(site, 'pac');
    const $ = cheerio.load(await (await site.get('/tim-kiem?q=pac&q=zzz')).text());
    assert.deepEqual(
      $('.search-result h2 a')
        .map((_i, el) => $(el).attr('href'))
        .get(),
      urls,
    );
  });
});

describe('search ranking and visibility', () => {
  let site: TestSite;
  const now = Date.parse('2024-05-01T03:00:00Z');
  before(async () => {
    site = await startSite({
      clock: createTestClock(now),
      files: {
        // Newer and with the words in its title: bm25 and recency both favour it.
        'dang-vien.md':
          '---\ntitle: Đang viên gặp mặt dang viên mới\ndate: 2024-04-30T08:00:00\n---\n\nĐang viên, dang viên và dang viên.\n',
        'dang-vien-that.md':
          '---\ntitle: Hội nghị cuối năm\ndate: 2024-01-02T08:00:00\n---\n\nMột bài dài nói về nhiều việc, trong đó có đảng viên.\n',
        'nhap.md': '---\ntitle: Bản nháp đảng viên\ndraft: true\n---\n\nĐảng viên.\n',
        'sap-dang.md':
          '---\ntitle: Sắp đăng đảng viên\ndate: 2030-01-01T08:00:00\n---\n\nĐảng viên.\n',
      },
    });
  });
  after(() => site?.close());

  it('puts the article with the exact diacritics typed first', async () => {
    const accented = await searchAll(site, 'đảng viên');
    assert.equal(accented.urls.length, 2);
    assert.match(accented.urls[0]!, /^\/hoi-nghi-cuoi-nam-\d+\.html$/);
    const plain = await searchAll(site, 'dang vien');
    assert.equal(plain.urls.length, 2);
    assert.match(plain.urls[0]!, /^\/dang-vien-gap-mat-dang-vien-moi-\d+\.html$/);
  });

  it('never finds drafts or articles scheduled for later', async () => {
    const { status, urls } = await searchAll(site, 'dang vien');
    // The same search finds the two published articles with those words: the page works.
    assert.equal(status, 200);
    assert.deepEqual(urls.map((u) => u.replace(/-\d+\.html$/, '')).sort(), [
      '/dang-vien-gap-mat-dang-vien-moi',
      '/hoi-nghi-cuoi-nam',
    ]);
    assert.ok(!urls.some((u) => /ban-nhap|sap-dang/.test(u)), urls.join(' '));
  });

  it('stops finding an article once its file is deleted, and follows an edit', async () => {
    await fs.rm(path.join(site.contentDir, 'dang-vien-that.md'));
    await site.importer.sync({ settleMs: 0 });
    assert.deepEqual((await searchAll(site, 'đảng viên')).urls.length, 1);
    await site.write(
      'dang-vien.md',
      '---\ntitle: Đang viên gặp mặt\ndate: 2024-04-30T08:00:00\n---\n\nNay nói về rừng.\n',
    );
    await site.importer.sync({ settleMs: 0 });
    assert.deepEqual((await searchAll(site, 'rung')).urls.length, 1);
    assert.deepEqual((await searchAll(site, 'dang vien moi')).urls.length, 0);
  });
});

describe('search after a move', () => {
  it('finds a moved article once, under its new section, and a restored one again', async () => {
    const report = await fs.readFile(SEED_FILE, 'utf8');
    const site = await startSite({ files: { 'bao-cao.txt': report } });
    try {
      await fs.mkdir(path.join(site.contentDir, 'Thời sự'));
      await fs.rename(
        path.join(site.contentDir, 'bao-cao.txt'),
        path.join(site.contentDir, 'Thời sự', 'bao-cao.txt'),
      );
      await site.importer.sync({ settleMs: 0 });
      let $ = cheerio.load(await (await site.get('/tim-kiem?q=pac+nam')).text());
      assert.equal($('.search-result').length, 1);
      assert.equal($('.search-result .card__section').attr('href'), '/chuyen-muc/thoi-su');

      await fs.rm(path.join(site.contentDir, 'Thời sự', 'bao-cao.txt'));
      await site.importer.sync({ settleMs: 0 });
      $ = cheerio.load(await (await site.get('/tim-kiem?q=pac+nam')).text());
      assert.equal($('.search-result').length, 0);

      await site.write('bao-cao.txt', report);
      await site.importer.sync({ settleMs: 0 });
      $ = cheerio.load(await (await site.get('/tim-kiem?q=pac+nam')).text());
      assert.equal($('.search-result').length, 1);
    } finally {
      await site.close();
    }
  });
});

describe('the search box', () => {
  it('is in the header of every page, with a label', async () => {
    const site = await startSite({ files: { 'a.txt': await fs.readFile(SEED_FILE, 'utf8') } });
    try {
      const home = cheerio.load(await (await site.get('/')).text());
      const article = home('.card__title a').attr('href')!;
      for (const url of ['/', article, '/tim-kiem?q=pac', '/khong-co-trang-nay']) {
        const $ = cheerio.load(await (await site.get(url)).text());
        const form = $('header form[action="/tim-kiem"][method="get"]');
        assert.equal(form.length, 1, url);
        const input = form.find('input[name="q"]');
        const id = input.attr('id')!;
        assert.ok(id, url);
        assert.equal($(`label[for="${id}"]`).text().trim() !== '', true, url);
      }
    } finally {
      await site.close();
    }
  });
});
