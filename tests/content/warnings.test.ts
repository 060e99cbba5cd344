import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { REPORT_FILE } from '../../src/content/editor-files/editor-report.js';
import { createTestClock } from '../../src/shared/clock.js';
import { toVietnamIso } from '../../src/shared/vietnam-time.js';
import { runCli } from '../helpers/cli.js';
import { waitFor } from '../../harness/wait-for.js';
import { startSite, type TestSite } from '../helpers/site.js';

const NOW = Date.parse('2024-07-20T06:00:00+07:00');
const HOUR = 3_600_000;

const warning = (title: string, expires: string | undefined, text: string, extra = '') =>
  `---\ntitle: ${title}\n${expires === undefined ? '' : `expires: ${expires}\n`}${extra}---\n${text}\n`;

/** The banner's warnings as a reader sees them: title, text, link and until when. */
async function bannerOf(site: TestSite, pathname = '/') {
  const $ = cheerio.load(await (await site.get(pathname)).text());
  return $('.alerts[role="alert"] .alert')
    .map((_, el) => ({
      title: $(el).find('.alert__title strong').text(),
      text: $(el).find('.alert__text').text(),
      link: $(el).find('a').attr('href'),
      until: $(el).find('time').attr('datetime'),
    }))
    .get();
}

const readReport = (site: TestSite) => fs.readFile(path.join(site.contentDir, REPORT_FILE), 'utf8');

describe('urgent warnings', () => {
  it('appear at the top of every page once saved, and go at their expiry with no request in between', async () => {
    const site = await startSite({
      watch: true,
      files: { 'tin-a.txt': 'Tin A\n\nMở đầu tin A.\n' },
    });
    try {
      // On the real clock: the site's own moment, not a test's, takes the banner down.
      const expires = Date.now() + 5000;
      await site.write(
        '_canh-bao.md',
        warning(
          'Lũ quét trên sông Năng',
          toVietnamIso(expires),
          'Không qua **ngầm tràn** Bằng Thành.',
        ),
      );
      await waitFor(
        async () => (await bannerOf(site)).length === 1,
        Math.floor(expires / 1000) * 1000 - Date.now(),
        'the banner on the home page before it expires',
      );
      for (const pathname of ['/', '/tin-a-1.html', '/khong-co-trang-nay', '/dinh-chinh']) {
        assert.deepEqual(
          await bannerOf(site, pathname),
          [
            {
              title: 'Lũ quét trên sông Năng',
              text: 'Không qua ngầm tràn Bằng Thành.',
              link: undefined,
              until: toVietnamIso(Math.floor(expires / 1000) * 1000),
            },
          ],
          pathname,
        );
      }

      // No reader asks anything until the time has passed: the site takes it down by itself.
      const generation = (await site.db.get<{ generation: number }>(
        'SELECT generation FROM site_facts',
      ))!.generation;
      await waitFor(async () => Date.now() > expires + 1000, 8000, 'one second past the expiry');
      const facts = await site.db.get<{ warnings: string; generation: number }>(
        'SELECT warnings, generation FROM site_facts',
      );
      assert.equal(facts?.warnings, '[]', 'the facts moved on with no request');
      assert.ok(facts!.generation > generation);
      assert.match(
        await readReport(site),
        /_canh-bao\.md:3: warning: cảnh báo "Lũ quét trên sông Năng" đã hết hạn/,
      );
      assert.deepEqual(await bannerOf(site), []);
      assert.deepEqual(await bannerOf(site, '/tin-a-1.html'), []);
    } finally {
      await site.close();
    }
  });

  it('shows at most three, the newest first, each with its link, and says which one waits', async () => {
    const clock = createTestClock(NOW);
    const site = await startSite({ clock });
    try {
      const until = '2024-07-21 18:00';
      const files = [
        ['_canh-bao.md', 'Mưa lớn kéo dài', ''],
        ['_canh-bao-lu.txt', 'Lũ trên sông Năng', 'link: /tin-lu-12.html\n'],
        ['_canh-bao-sat-lo.md', 'Sạt lở đường 258', 'link: https://pacnam.backan.gov.vn/sat-lo\n'],
        ['_canh-bao-dien.txt', 'Cắt điện xã Bộc Bố', ''],
      ] as const;
      for (const [index, [file, title, extra]] of files.entries()) {
        const target = await site.write(file, warning(title, until, `Lời ${title}.`, extra));
        const time = new Date(NOW - (files.length - index) * HOUR);
        await fs.utimes(target, time, time);
      }
      await site.importer.sync({ settleMs: 0 });
      const shown = await bannerOf(site);
      assert.deepEqual(
        shown.map((w) => [w.title, w.link]),
        [
          ['Cắt điện xã Bộc Bố', undefined],
          ['Sạt lở đường 258', 'https://pacnam.backan.gov.vn/sat-lo'],
          ['Lũ trên sông Năng', '/tin-lu-12.html'],
        ],
      );
      assert.match(
        await readReport(site),
        /_canh-bao\.md: warning: cảnh báo "Mưa lớn kéo dài" không hiện: trang chỉ hiện 3 cảnh báo mới nhất cùng lúc\n {4}→ Xóa hoặc cho hết hạn/,
      );

      // The oldest shown one expires: the waiting one takes its place, at that moment.
      await site.write(
        '_canh-bao-lu.txt',
        warning('Lũ trên sông Năng', '2024-07-20 07:00', 'Lời.'),
      );
      await site.importer.sync({ settleMs: 0 });
      clock.set(Date.parse('2024-07-20T07:00:01+07:00'));
      assert.deepEqual(
        (await bannerOf(site)).map((w) => w.title),
        ['Cắt điện xã Bộc Bố', 'Sạt lở đường 258', 'Mưa lớn kéo dài'],
      );
    } finally {
      await site.close();
    }
  });

  it('show the text as text: markup in a .txt file is characters, and a .md file cannot inject any', async () => {
    const site = await startSite({
      clock: createTestClock(NOW),
      files: {
        '_canh-bao.txt': warning('Thông báo', '2024-07-21 18:00', 'Nước <b>dâng</b> & chảy xiết.'),
        '_canh-bao-2.md': warning(
          'Cảnh giác',
          '2024-07-21 18:00',
          'Bấm [vào đây](javascript:alert(1)) <script>alert(1)</script>.',
          'link: javascript:alert(1)\n',
        ),
      },
    });
    try {
      const html = await (await site.get('/')).text();
      assert.doesNotMatch(html, /<script>alert|javascript:/);
      const shown = await bannerOf(site);
      assert.deepEqual(
        shown.map((w) => [w.title, w.text, w.link]),
        [
          ['Cảnh giác', 'Bấm vào đây <script>alert(1)</script>.', undefined],
          ['Thông báo', 'Nước <b>dâng</b> & chảy xiết.', undefined],
        ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
      );
      assert.match(
        await readReport(site),
        /_canh-bao-2\.md:4: warning: liên kết "javascript:alert\(1\)" không dùng được/,
      );
    } finally {
      await site.close();
    }
  });

  it('reports a warning without expires, with a time that is not one or already past, naming the line; the last good version stays up', async () => {
    const clock = createTestClock(NOW);
    const site = await startSite({
      clock,
      files: { '_canh-bao.md': warning('Sạt lở đường 258', '2024-07-21 18:00', 'Đi đường khác.') },
    });
    try {
      assert.deepEqual(
        (await bannerOf(site)).map((w) => w.title),
        ['Sạt lở đường 258'],
      );
      await site.write(
        '_canh-bao.md',
        warning('Sạt lở đường 258 (sửa)', 'chiều mai', 'Đi đường khác.'),
      );
      await site.write('_canh-bao-2.md', warning('Mưa đá', undefined, 'Che chắn mái nhà.'));
      await site.write('_canh-bao-3.md', warning('Rét đậm', '2024-07-19 18:00', 'Giữ ấm.'));
      await site.importer.sync({ settleMs: 0 });
      assert.deepEqual(
        (await bannerOf(site)).map((w) => w.title),
        ['Sạt lở đường 258'],
        'the last good version of the broken one, and nothing of the others',
      );
      const report = await readReport(site);
      assert.match(report, /_canh-bao\.md:3: trường "expires" "chiều mai" không đọc được/);
      assert.match(
        report,
        /_canh-bao-2\.md:2: cảnh báo thiếu "expires:"[^\n]*\n {4}→ Thêm dòng "expires: 2024-07-20 18:00"/,
      );
      assert.match(
        report,
        /_canh-bao-3\.md:3: warning: cảnh báo "Rét đậm" đã hết hạn lúc Thứ Sáu, 19\/07\/2024, 18:00/,
      );
      const check = await runCli('check.ts', {
        CONTENT_DIR: site.contentDir,
        DATABASE_PATH: site.databasePath,
      });
      assert.equal(check.code, 1);
      assert.match(check.stdout, /_canh-bao-2\.md:2: cảnh báo thiếu "expires:"/);
      assert.match(check.stdout, /_canh-bao\.md:3: trường "expires"/);

      // Fixed, it is up at once; deleted, it is gone, and so are its problems.
      await site.write(
        '_canh-bao-2.md',
        warning('Mưa đá', '2024-07-20 20:00', 'Che chắn mái nhà.'),
      );
      await fs.rm(path.join(site.contentDir, '_canh-bao.md'));
      await site.importer.sync({ settleMs: 0 });
      assert.deepEqual(
        (await bannerOf(site)).map((w) => w.title),
        ['Mưa đá'],
      );
      assert.doesNotMatch(await readReport(site), /_canh-bao\.md|_canh-bao-2\.md/);
    } finally {
      await site.close();
    }
  });
});
