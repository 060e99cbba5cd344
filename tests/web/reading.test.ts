import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { countSyllables, readingMinutes } from '../../src/shared/reading-time.js';
import { startSite, type TestSite } from '../helpers/site.js';
import { createTestClock } from '../../src/shared/clock.js';

const syllables = (n: number) => Array.from({ length: n }, () => 'đường').join(' ');

describe('countSyllables', () => {
  const table: [string, number][] = [
    ['', 0],
    ['Đảng viên được hỗ trợ', 5],
    ['Ngày 26/11, 118 đảng viên', 3], // numbers alone are not read as syllables
    ['Covid-19 - dịch bệnh', 3],
    ['  nhiều   khoảng\ntrắng\t ', 3],
    ['“mục tiêu kép”', 3],
    ['Hỗ trợ'.normalize('NFD'), 2],
  ];
  for (const [text, count] of table) {
    it(`counts ${count} in ${JSON.stringify(text)}`, () => {
      assert.equal(countSyllables(text), count);
    });
  }
});

describe('readingMinutes', () => {
  const table: [number, number][] = [
    [0, 1],
    [50, 1],
    [299, 1],
    [300, 2],
    [1000, 5],
    [2150, 11],
  ];
  for (const [count, minutes] of table) {
    it(`gives ${minutes} minute(s) for ${count} syllables`, () => {
      assert.equal(readingMinutes(syllables(count)), minutes);
    });
  }

  it('counts Vietnamese syllables, not ASCII words', () => {
    // 1,000 syllables: an ASCII \w+ count splits "viên" at the ê and would see 1,500 words.
    const text = Array.from({ length: 500 }, () => 'đảng viên').join(' ');
    assert.equal(text.match(/\w+/g)?.length, 1500);
    assert.equal(readingMinutes(text), 5);
  });
});

const NOW = Date.parse('2024-05-01T03:00:00Z');
const md = (title: string, date: string, extra = '', body = 'Nội dung.') =>
  `---\ntitle: ${title}\ndate: ${date}\n${extra}---\n\n${body}\n`;

describe('an article page', () => {
  let site: TestSite;
  const url = async (prefix: string) => {
    const $ = cheerio.load(await (await site.get('/')).text());
    return $('.card__title a')
      .map((_i, el) => $(el).attr('href'))
      .get()
      .find((h) => h.startsWith(prefix))!;
  };
  before(async () => {
    site = await startSite({
      clock: createTestClock(NOW),
      files: {
        'Thời sự/chinh.md': md('Bài chính', '2024-04-20T08:00:00', 'tags: [Lúa]\n', syllables(650)),
        'Thời sự/cung-muc.md': md('Cùng chuyên mục', '2024-03-01T08:00:00'),
        'Kinh tế/cung-the.md': md('Cùng thẻ', '2024-03-02T08:00:00', 'tags: [Lúa]\n'),
        'Kinh tế/moi-1.md': md('Mới một', '2024-04-28T08:00:00'),
        'Kinh tế/moi-2.md': md('Mới hai', '2024-04-27T08:00:00'),
        'Kinh tế/moi-3.md': md('Mới ba', '2024-04-26T08:00:00'),
        'Kinh tế/moi-4.md': md('Mới bốn', '2024-04-25T08:00:00'),
        'Thời sự/nhap.md': md('Bản nháp', '2024-04-10T08:00:00', 'draft: true\n'),
        'Thời sự/sap-dang.md': md('Sắp đăng', '2024-06-01T08:00:00'),
      },
    });
  });
  after(() => site?.close());

  it('shows the reading time in minutes', async () => {
    const $ = cheerio.load(await (await site.get(await url('/bai-chinh'))).text());
    // 650 body syllables + 2 of the title, at 200 a minute.
    // Exactly: "13 phút đọc" or "3 phút đọc trước" would contain it too.
    assert.equal($('.article__meta .article__reading').text().trim(), '3 phút đọc');
  });

  it('lists related articles: same section or tag first, then the newest, never itself', async () => {
    const $ = cheerio.load(await (await site.get(await url('/bai-chinh'))).text());
    const section = $('section.related');
    assert.equal(section.find('h2').text(), 'Bài viết liên quan');
    const titles = section
      .find('li a')
      .map((_i, el) => $(el).text())
      .get();
    assert.equal(titles.length, 5);
    assert.deepEqual(titles.slice(0, 2).sort(), ['Cùng chuyên mục', 'Cùng thẻ']);
    assert.deepEqual(titles.slice(2), ['Mới một', 'Mới hai', 'Mới ba']);
    assert.ok(!titles.includes('Bài chính'));
  });

  it('never lists drafts or scheduled articles as related', async () => {
    const $ = cheerio.load(await (await site.get(await url('/cung-chuyen-muc'))).text());
    const titles = $('section.related li a')
      .map((_i, el) => $(el).text())
      .get();
    assert.ok(!titles.includes('Bản nháp') && !titles.includes('Sắp đăng'), titles.join(', '));
    assert.equal(titles[0], 'Bài chính', 'the same section comes first');
  });
});
