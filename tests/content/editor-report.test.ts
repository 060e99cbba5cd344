import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatReport, REPORT_FILE } from '../../src/content/editor-files/editor-report.js';
import { parseArticle } from '../../src/content/parse/parse-article.js';
import { previewPath } from '../../src/shared/urls.js';
import { startSite, TEST_PREVIEW_SECRET, type TestSite } from '../helpers/site.js';
import { runCli } from '../helpers/cli.js';

const readReport = (site: TestSite) => fs.readFile(path.join(site.contentDir, REPORT_FILE), 'utf8');
const withoutStamp = (report: string) => report.slice(report.indexOf('\n') + 1);

describe('the report in content/', () => {
  it('tells editors what is wrong, what to do, and where their drafts can be read', async () => {
    const site = await startSite({
      files: {
        'tot.txt': 'Bài tốt\n\nMở đầu.\n',
        'hong.md': '---\ntitle: [chưa đóng\n---\nThân bài.\n',
        'canh-bao.md': '---\ncategory: Thời sự\n---\nBài có cảnh báo\n\nMở đầu.\n',
        'nhap.md': '---\ntitle: Bản nháp của Hà\ndraft: true\n---\nMở đầu bản nháp.\n',
      },
    });
    try {
      const report = await readReport(site);
      const [stamp, ...rest] = report.split('\n');
      assert.match(stamp!, /^Báo cáo nội dung của trang, cập nhật lúc .+ \(GMT\+7\)\./);
      // One blank line under the stamp, then the errors.
      assert.equal(rest[0], '');
      assert.match(rest[1]!, /^Lỗi /);
      const body = rest.join('\n');
      assert.ok(body.indexOf('Lỗi') < body.indexOf('Cảnh báo'), 'errors first');
      assert.match(
        body,
        /^hong\.md:2: front matter không phải YAML hợp lệ.*\n {4}→ Sửa khối giữa hai dòng "---"/m,
      );
      assert.match(body, /^canh-bao\.md:2: warning: trường "category" không được dùng.*\n {4}→ /m);
      const draft = await site.db.get<{ id: number }>(
        "SELECT id FROM articles WHERE source_path = 'nhap.md'",
      );
      const draftUrl = `https://tin.example.vn${previewPath(TEST_PREVIEW_SECRET, draft!.id)}`;
      assert.match(body, /^nhap\.md: Bản nháp của Hà \(bản nháp\)$/m);
      assert.ok(body.includes(`    → ${draftUrl}\n`), body);
      assert.doesNotMatch(body, /tot\.txt/, 'a good file is not mentioned');
      // The link in the report opens the draft.
      const preview = await site.get(draftUrl.replace('https://tin.example.vn', ''));
      assert.equal(preview.status, 200);
    } finally {
      await site.close();
    }
  });

  it('says all is well in one line, replaces itself in one step, and is not rewritten unchanged', async () => {
    const site = await startSite({ files: { 'hong.md': '---\ntitle: [x\n---\nThân.\n' } });
    try {
      const file = path.join(site.contentDir, REPORT_FILE);
      const broken = await fs.stat(file);
      await site.write('hong.md', '---\ntitle: Đã sửa\n---\nThân bài.\n');
      await site.importer.sync({ settleMs: 0 });
      const fixed = await fs.stat(file);
      assert.equal(
        withoutStamp(await readReport(site)),
        '\nMọi tệp đều ổn: không có lỗi, không có cảnh báo.\n',
      );
      // Replaced by a rename, never rewritten in place: a reader sees the old or the new report.
      assert.notEqual(fixed.ino, broken.ino);
      await site.importer.sync({ settleMs: 0 });
      const again = await fs.stat(file);
      assert.equal(again.ino, fixed.ino, 'nothing changed, nothing written');
      assert.equal(again.mtimeMs, fixed.mtimeMs);
      assert.deepEqual(
        (await fs.readdir(site.contentDir)).filter((n) => n.endsWith('.tmp')),
        [],
        'no temporary file left behind',
      );
    } finally {
      await site.close();
    }
  });

  it('is what npm run check prints', async () => {
    const site = await startSite({
      files: {
        'hong.md': '---\ntitle: [x\n---\nThân.\n',
        'nhap.md': '---\ntitle: Nháp\ndraft: true\n---\nMở đầu.\n',
      },
    });
    try {
      const { stdout } = await runCli('check.ts', {
        CONTENT_DIR: site.contentDir,
        DATABASE_PATH: site.databasePath,
        SITE_URL: 'https://tin.example.vn',
        PREVIEW_SECRET: TEST_PREVIEW_SECRET,
      });
      assert.ok(stdout.startsWith(withoutStamp(await readReport(site)).slice(1)), stdout);
    } finally {
      await site.close();
    }
  });
});

describe('formatReport', () => {
  /** The advice the report gives under the problem a file of this front matter has. */
  const adviceFor = (yaml: string): string => {
    const bytes = Buffer.from(`---\ntitle: Bài\ndate: 2024-05-01\n${yaml}\n---\nMở đầu.\n`);
    let problem;
    try {
      problem = parseArticle({ file: 'bai.md', bytes }).warnings[0];
    } catch (error) {
      problem = (error as { toProblem: () => unknown }).toProblem();
    }
    const report = formatReport([problem as Parameters<typeof formatReport>[0][number]], []);
    return /→ (.*)/.exec(report)![1]!;
  };
  const table: [string, string, RegExp][] = [
    ['a note without a date', 'corrections:\n  - text: Sai.', /^Mỗi đính chính hay cập nhật/],
    ['a list that is not one', 'updates: Thêm ảnh', /^Mỗi đính chính hay cập nhật/],
    ['a note before the article', 'updates:\n  - date: 2024-01-01\n    text: Thêm.', /^Mỗi đính/],
    ['an unknown key in a note', 'updates:\n  - date: 2024-05-02\n    text: A.\n    x: 1', /^Mỗi/],
    [
      'a picture in a note',
      'updates:\n  - date: 2024-05-02\n    text: Ảnh ![a](a.jpg)',
      /^Đặt ảnh trong thân bài/,
    ],
    ['a language name', 'lang: Tày', /^Viết mã ngôn ngữ: tyz \(Tày\)/],
  ];
  for (const [what, yaml, advice] of table) {
    it(`tells the editor what to do about ${what}`, () => {
      assert.match(adviceFor(yaml), advice);
    });
  }
});
