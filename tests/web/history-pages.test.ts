import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { createTestClock } from '../../src/shared/clock.js';
import { startSite, type TestSite } from '../helpers/site.js';

const NOW = Date.parse('2024-05-10T08:00:00+07:00');

const story = (body: string, front = '') =>
  `---\ntitle: Cầu treo Bằng Thành thông xe\ndate: 2024-05-01 08:00\n${front}---\n${body}\n`;

const FIRST = story(
  'Cầu treo dài 120 mét nối hai bờ sông Năng ở xã Bằng Thành.\n\nNgười dân đi lại thuận tiện hơn.',
);
const SECOND = story(
  'Cầu treo dài 150 mét nối hai bờ sông Năng ở xã Bộc Bố.\n\nNgười dân đi lại thuận tiện hơn.',
);
const CORRECTED = story(
  'Cầu treo dài 150 mét nối hai bờ sông Năng ở xã Bộc Bố.\n\nNgười dân đi lại thuận tiện hơn.',
  'corrections:\n  - date: 2024-05-03 09:00\n    text: Bài trước ghi nhầm cầu thuộc xã Bằng Thành.\n',
);

const ARTICLE = '/cau-treo-bang-thanh-thong-xe-1.html';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Saves a new text of the article, dated as an editor's save at `at`, and syncs it. */
async function save(site: TestSite, text: string, at: string): Promise<void> {
  const file = await site.write('cau-treo.md', text);
  const time = new Date(at);
  await fs.utimes(file, time, time);
  await site.importer.sync({ settleMs: 0 });
}

const page = async (site: TestSite, pathname: string) => {
  const res = await site.get(pathname);
  return { status: res.status, $: cheerio.load(await res.text()) };
};

/** The history as a reader sees it: each version's number, date and notes, newest first. */
async function historyOf(site: TestSite): Promise<string[]> {
  const { status, $ } = await page(site, '/phien-ban/1');
  assert.equal(status, 200);
  assert.equal($('meta[name="robots"]').attr('content'), 'noindex');
  return $('.history__item')
    .map((_, el) => $(el).text().replace(/\s+/g, ' ').trim())
    .get();
}

describe('kept versions and the history page', () => {
  it('keeps every version readers saw, byte for byte and once each, and shows what changed word by word', async () => {
    const site = await startSite({ clock: createTestClock(NOW), files: { 'cau-treo.md': FIRST } });
    try {
      // One version: kept, but there is no history to link yet.
      let article = await page(site, ARTICLE);
      assert.equal(article.$('a.article__history').length, 0);
      assert.equal((await site.get('/phien-ban/1')).status, 404);
      const kept = (hash: string) => path.join(site.contentDir, '_phien-ban', '1', `${hash}.md`);
      assert.equal(await fs.readFile(kept(sha256(FIRST)), 'utf8'), FIRST);

      await save(site, SECOND, '2024-05-02T10:15:00+07:00');
      article = await page(site, ARTICLE);
      const link = article.$('a.article__history');
      assert.match(link.text(), /phiên bản/);
      assert.equal(link.attr('href'), '/phien-ban/1');
      assert.deepEqual(await historyOf(site), [
        'Bản 2 (bản đang đăng) · Thứ Năm, 02/05/2024, 10:15 (GMT+7)',
        'Bản 1 · Thứ Tư, 01/05/2024, 08:00 (GMT+7)',
      ]);

      // What changed, word by word, Vietnamese words whole, said in words as well as shown.
      const second = await page(site, '/phien-ban/1/2');
      assert.equal(second.$('meta[name="robots"]').attr('content'), 'noindex');
      const marked = (selector: string) =>
        second
          .$(`.diff__body ${selector}`)
          .map((_, el) => second.$(el).text())
          .get();
      assert.deepEqual(marked('del'), ['[bỏ: 120]', '[bỏ: Bằng Thành]']);
      assert.deepEqual(marked('ins'), ['[thêm: 150]', '[thêm: Bộc Bố]']);
      // The title and the last paragraph stayed: counted, not repeated.
      assert.deepEqual(marked('.diff__same'), ['(1 đoạn không đổi)', '(1 đoạn không đổi)']);
      assert.match(second.$('.version__text').text(), /Cầu treo dài 150 mét/);
      // The first version, readable as it was.
      const first = await page(site, '/phien-ban/1/1');
      assert.match(first.$('.version__text .article__sapo').text(), /dài 120 mét.*Bằng Thành/s);
      assert.equal(first.$('.diff').length, 0);

      // A correction comes with the next version; taking it out again is one more, and the
      // version that carried it stays.
      await save(site, CORRECTED, '2024-05-03T09:00:00+07:00');
      await save(site, SECOND, '2024-05-04T07:30:00+07:00');
      assert.deepEqual(await historyOf(site), [
        'Bản 4 (bản đang đăng) · Thứ Bảy, 04/05/2024, 07:30 (GMT+7)',
        'Bản 3 · Thứ Sáu, 03/05/2024, 09:00 (GMT+7) · kèm đính chính',
        'Bản 2 · Thứ Năm, 02/05/2024, 10:15 (GMT+7)',
        'Bản 1 · Thứ Tư, 01/05/2024, 08:00 (GMT+7)',
      ]);
      const third = await page(site, '/phien-ban/1/3');
      assert.match(
        third.$('.version__text .notes--correction').text(),
        /ghi nhầm cầu thuộc xã Bằng Thành/,
      );
      assert.match(third.$('.diff__body ins').text(), /Đính chính/);
      // The same text twice is stored once.
      assert.deepEqual(
        (await fs.readdir(path.join(site.contentDir, '_phien-ban', '1'))).sort(),
        [`${sha256(CORRECTED)}.md`, `${sha256(FIRST)}.md`, `${sha256(SECOND)}.md`].sort(),
      );
      const index = await fs.readFile(path.join(site.contentDir, '_phien-ban', '0000.tsv'), 'utf8');
      assert.deepEqual(
        index
          .split('\n')
          .filter((l) => /^\d/.test(l))
          .map((l) => l.split('\t').slice(0, 2).join(' ')),
        ['1 1', '1 2', '1 3', '1 4'],
      );
    } finally {
      await site.close();
    }
  });
});
