import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { createTestClock } from '../../src/shared/clock.js';
import { REPORT_FILE } from '../../src/content/editor-files/editor-report.js';
import { runCli } from '../helpers/cli.js';
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
async function save(site: TestSite, text: string, at: string, name = 'cau-treo.md'): Promise<void> {
  const file = await site.write(name, text);
  const time = new Date(at);
  await fs.utimes(file, time, time);
  await site.importer.sync({ settleMs: 0 });
}

const page = async (site: TestSite, pathname: string) => {
  const res = await site.get(pathname);
  return { status: res.status, $: cheerio.load(await res.text()) };
};

const readReport = (site: TestSite) => fs.readFile(path.join(site.contentDir, REPORT_FILE), 'utf8');

/** The history as a reader sees it: each version's number, date and notes, newest first. */
async function historyOf(site: TestSite, pathname = '/phien-ban/1'): Promise<string[]> {
  const { status, $ } = await page(site, pathname);
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

  it('keeps no draft, and no scheduled text before its time', async () => {
    const clock = createTestClock(NOW);
    const scheduled = (body: string) =>
      `---\ntitle: Lễ hội Lồng tồng\ndate: 2024-05-11 08:00\n---\n${body}\n`;
    const site = await startSite({ clock, files: { 'le-hoi.md': scheduled('Bản nháp đầu.') } });
    try {
      await save(
        site,
        scheduled('Bản sửa trước giờ đăng.'),
        '2024-05-10T09:00:00+07:00',
        'le-hoi.md',
      );
      const folder = path.join(site.contentDir, '_phien-ban', '1');
      assert.deepEqual(await fs.readdir(folder), [
        `${sha256(scheduled('Bản sửa trước giờ đăng.'))}.md`,
      ]);
      clock.set(Date.parse('2024-05-11T09:00:00+07:00'));
      assert.equal((await site.get('/le-hoi-long-tong-1.html')).status, 200);
      assert.equal((await site.get('/phien-ban/1')).status, 404, 'one version: no history');

      const draft = scheduled('Đang sửa, chưa đăng.').replace('---\n', '---\ndraft: true\n');
      await save(site, draft, '2024-05-11T10:00:00+07:00', 'le-hoi.md');
      await save(site, scheduled('Bản đăng lại.'), '2024-05-11T11:00:00+07:00', 'le-hoi.md');
      assert.deepEqual(
        (await historyOf(site, '/phien-ban/1')).map((v) => v.split(' · ')[0]),
        ['Bản 2 (bản đang đăng)', 'Bản 1'],
      );
      assert.equal((await fs.readdir(folder)).length, 2, 'the draft was never kept');
    } finally {
      await site.close();
    }
  });

  it('gives the same history pages from content/ alone: after data/ is deleted, and on a replica', async () => {
    const clock = createTestClock(NOW);
    const primary = await startSite({ clock, files: { 'cau-treo.md': FIRST } });
    const copies: string[] = [];
    try {
      await save(primary, SECOND, '2024-05-02T10:15:00+07:00');
      await save(primary, CORRECTED, '2024-05-03T09:00:00+07:00');
      const pages = [ARTICLE, '/phien-ban/1', '/phien-ban/1/1', '/phien-ban/1/2', '/phien-ban/1/3'];
      const served = async (site: TestSite) =>
        Promise.all(pages.map(async (p) => [p, (await site.request(p)).body]));
      const expected = await served(primary);
      for (const role of ['primary', 'replica'] as const) {
        // content/ as a backup restores it, or as rsync brings it to a replica.
        const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-history-'));
        copies.push(copy);
        await fs.cp(primary.contentDir, copy, { recursive: true, preserveTimestamps: true });
        const site = await startSite({ clock, contentDir: copy, role });
        try {
          assert.deepEqual(await served(site), expected, role);
        } finally {
          await site.close();
        }
      }
    } finally {
      await primary.close();
      for (const copy of copies) await fs.rm(copy, { recursive: true, force: true });
    }
  });

  it("answers 410 for a removed article's history, and keeps its versions", async () => {
    const site = await startSite({ clock: createTestClock(NOW), files: { 'cau-treo.md': FIRST } });
    try {
      await save(site, SECOND, '2024-05-02T10:15:00+07:00');
      await fs.rm(path.join(site.contentDir, 'cau-treo.md'));
      await site.importer.sync({ settleMs: 0 });
      assert.equal((await site.get(ARTICLE)).status, 410);
      assert.equal((await site.get('/phien-ban/1')).status, 410);
      assert.equal((await site.get('/phien-ban/1/2')).status, 410);
      assert.equal((await fs.readdir(path.join(site.contentDir, '_phien-ban', '1'))).length, 2);
    } finally {
      await site.close();
    }
  });

  it('takes out a version an editor removed for a legal reason, and compares the next with the one before it', async () => {
    const site = await startSite({ clock: createTestClock(NOW), files: { 'cau-treo.md': FIRST } });
    try {
      await save(site, SECOND, '2024-05-02T10:15:00+07:00');
      await save(site, CORRECTED, '2024-05-03T09:00:00+07:00');
      const index = path.join(site.contentDir, '_phien-ban', '0000.tsv');
      const lines = (await fs.readFile(index, 'utf8')).split('\n');
      await fs.writeFile(index, lines.filter((l) => !/^1\t2\t/.test(l)).join('\n'));
      await fs.rm(path.join(site.contentDir, '_phien-ban', '1', `${sha256(SECOND)}.md`));
      await site.importer.sync({ settleMs: 0 });
      assert.deepEqual(
        (await historyOf(site, '/phien-ban/1')).map((v) => v.split(' · ')[0]),
        ['Bản 3 (bản đang đăng)', 'Bản 1'],
      );
      assert.equal((await site.get('/phien-ban/1/2')).status, 404);
      const third = await page(site, '/phien-ban/1/3');
      assert.match(third.$('.diff h2').text(), /so với bản 1/);
      assert.deepEqual(
        third
          .$('.diff__body del')
          .map((_, el) => third.$(el).text())
          .get()
          .slice(0, 2),
        ['[bỏ: 120]', '[bỏ: Bằng Thành]'],
      );
      assert.doesNotMatch(await readReport(site), /_phien-ban/);
    } finally {
      await site.close();
    }
  });

  it('reports a kept-versions folder emptied or filled with junk, line by line and path by path, and keeps serving', async () => {
    const site = await startSite({
      clock: createTestClock(NOW),
      watch: true,
      files: { 'cau-treo.md': FIRST },
    });
    try {
      await save(site, SECOND, '2024-05-02T10:15:00+07:00');
      const folder = path.join(site.contentDir, '_phien-ban');
      // A line typed into the index, and a file dropped beside it.
      await fs.appendFile(path.join(folder, '0000.tsv'), 'ghi chú của ai đó\n');
      await fs.writeFile(path.join(folder, 'ghi-chu.txt'), 'Nhớ hỏi lại.');
      // Whether the watcher or the next walk finds them first: no promise of time here.
      await site.importer.sync({ settleMs: 0 });
      let report = await readReport(site);
      assert.match(report, /_phien-ban\/0000\.tsv:\d+: dòng phải có 6 cột/);
      assert.match(report, /_phien-ban\/ghi-chu\.txt: warning: tệp lạ trong thư mục _phien-ban\//);
      assert.equal((await site.get('/phien-ban/1/2')).status, 200);

      // Emptied: the index is written again from the database, and what was lost is said.
      for (const name of await fs.readdir(folder)) {
        await fs.rm(path.join(folder, name), { recursive: true, force: true });
      }
      await site.importer.sync({ settleMs: 0 });
      report = await readReport(site);
      assert.match(report, /_phien-ban\/0000\.tsv: warning: 2 bản đã đăng không còn tệp nội dung/);
      assert.match(await fs.readFile(path.join(folder, '0000.tsv'), 'utf8'), /^1\t2\t/m);
      assert.equal((await site.get('/phien-ban/1/2')).status, 200);
      assert.equal((await site.get(ARTICLE)).status, 200);

      // npm run check names every damaged or missing kept version by its path.
      await save(site, CORRECTED, '2024-05-03T09:00:00+07:00');
      await fs.writeFile(path.join(folder, '1', `${sha256(CORRECTED)}.md`), 'hỏng');
      const check = await runCli('check.ts', {
        CONTENT_DIR: site.contentDir,
        DATABASE_PATH: site.databasePath,
      });
      assert.match(
        check.stdout,
        new RegExp(
          `_phien-ban/1/${sha256(FIRST)}\\.md: warning: bản 1 của bài 1: không còn tệp nội dung`,
        ),
      );
      assert.match(
        check.stdout,
        new RegExp(
          `_phien-ban/1/${sha256(CORRECTED)}\\.md: warning: bản 3 của bài 1: tệp đã bị sửa hoặc hỏng`,
        ),
      );
    } finally {
      await site.close();
    }
  });
});
