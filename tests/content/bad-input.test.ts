import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { startSite, type TestSite } from '../helpers/site.js';
import { runCli } from '../helpers/cli.js';

const fm = (yaml: string, body = 'Đoạn mở đầu.\n') => `---\n${yaml}\n---\n${body}`;

/** Every way an editor's file can be wrong: file name → the line `npm run check` must print. */
const BAD: Record<string, { content: string | Buffer; line: RegExp }> = {
  'latin1.txt': {
    content: Buffer.from('Tieu de\n\nC\xe1c \xe9l\xe8ves\n', 'latin1'),
    line: /^latin1\.txt:3: không phải văn bản UTF-8/,
  },
  'anh-doi-ten.txt': {
    content: Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48,
    ]),
    line: /^anh-doi-ten\.txt:3: chứa byte NUL/,
  },
  'co-nul.txt': { content: 'Tiêu đề\n\nMột\0hai\n', line: /^co-nul\.txt:3: chứa byte NUL/ },
  'trong.txt': { content: '', line: /^trong\.txt: tệp trống/ },
  'khoang-trang.txt': { content: '  \n\n\t \n', line: /^khoang-trang\.txt: tệp trống/ },
  'khong-tieu-de.md': {
    content: fm('author: Hà An', ''),
    line: /^khong-tieu-de\.md:4: không có tiêu đề/,
  },
  'tieu-de-dai.txt': {
    content: `${'Một tiêu đề rất dài '.repeat(20)}\n\nĐoạn.\n`,
    line: /^tieu-de-dai\.txt:1: tiêu đề dài \d{3} ký tự, quá giới hạn 300/,
  },
  'yaml-loi.md': {
    content: fm('title: Bài\nauthor: Hà An\ntags: [a, b'),
    line: /^yaml-loi\.md:4: front matter không phải YAML hợp lệ/,
  },
  'sai-kieu.txt': {
    content: fm('title: Bài\ndraft: "có"'),
    line: /^sai-kieu\.txt:3: trường "draft" phải là true hoặc false/,
  },
  'the-sai-kieu.txt': {
    content: fm('title: Bài\ntags: {a: 1}'),
    line: /^the-sai-kieu\.txt:3: trường "tags" phải là danh sách/,
  },
  'ngay-khong-co.txt': {
    content: fm('title: Bài\ndate: 2022-02-30'),
    line: /^ngay-khong-co\.txt:3: trường "date" "2022-02-30" không phải ngày giờ có thật/,
  },
  'ngay-khong-doc-duoc.txt': {
    content: fm('title: Bài\ndate: hôm qua'),
    line: /^ngay-khong-doc-duoc\.txt:3: trường "date" "hôm qua" không đọc được/,
  },
  'dinh-chinh-mot-dong.md': {
    content: fm('title: Bài\ncorrections: Sửa tên xã'),
    line: /^dinh-chinh-mot-dong\.md:3: trường "corrections" phải là danh sách/,
  },
  'dinh-chinh-khong-ngay.md': {
    content: fm('title: Bài\ndate: 2024-05-01\ncorrections:\n  - text: Sửa tên xã.'),
    line: /^dinh-chinh-khong-ngay\.md:5: mục thứ 1 của "corrections" thiếu "date:"/,
  },
  'cap-nhat-truoc-ngay-dang.md': {
    content: fm('title: Bài\ndate: 2024-05-01\nupdates:\n  - date: 2024-04-01\n    text: Thêm.'),
    line: /^cap-nhat-truoc-ngay-dang\.md:5: mục thứ 1 của "updates" ghi ngày .* trước khi bài được đăng/,
  },
  'lang-sai.md': {
    content: fm('title: Bài\nlang: tiếng Tày'),
    line: /^lang-sai\.md:3: trường "lang" "tiếng Tày" không phải mã của tiếng Tày; viết lang: tyz$/,
  },
  'qua-lon.txt': {
    content: `Tệp quá lớn\n\n${'Chữ. '.repeat(1_100_000)}\n`,
    line: /^qua-lon\.txt: tệp nặng \d+\.\d MB, quá giới hạn 5 MB/,
  },
};
const LINK_LINE = /^lien-ket-ra-ngoai\.txt: là liên kết tượng trưng trỏ ra ngoài thư mục content\//;

/** Files that look odd but are fine: they publish. */
const GOOD: Record<string, string | Buffer> = {
  'utf16.txt': Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from('Bài UTF-16\n\nLưu bằng Notepad.\n', 'utf16le'),
  ]),
  'Bài viết có dấu cách.txt': 'Tên tệp có dấu cách\n\nVẫn đăng được.\n',
  ['Thời sự'.normalize('NFD') + '/' + 'Tên NFD.txt'.normalize('NFD')]:
    'Thư mục tên NFD\n\nVẫn đăng được.\n',
  'canh-bao.txt': fm('title: Có trường lạ\ncategory: x'),
  'the-la.md': fm(
    'title: Thẻ lạ\ntags: ["!!!", Pác Nặm]',
    'Mở đầu.\n\nXem [bản đồ](javascript:alert(1)).\n',
  ),
};

async function makeFolder(): Promise<{ root: string; content: string; outside: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-bad-'));
  const content = path.join(root, 'content');
  await fs.mkdir(content);
  const outside = path.join(root, 'bi-mat.txt');
  await fs.writeFile(outside, 'Bí mật\n\nKhông được đăng.\n');
  return { root, content, outside };
}

async function writeAll(content: string, outside: string): Promise<void> {
  for (const [name, file] of Object.entries(BAD))
    await fs.writeFile(path.join(content, name), file.content);
  await fs.symlink(outside, path.join(content, 'lien-ket-ra-ngoai.txt'));
  for (const [name, body] of Object.entries(GOOD)) {
    await fs.mkdir(path.dirname(path.join(content, name)), { recursive: true });
    await fs.writeFile(path.join(content, name), body);
  }
}

describe('npm run check and npm run import on a folder of bad files', () => {
  let dirs: Awaited<ReturnType<typeof makeFolder>>;
  let env: Record<string, string>;
  before(async () => {
    dirs = await makeFolder();
    await writeAll(dirs.content, dirs.outside);
    env = { CONTENT_DIR: dirs.content, DATABASE_PATH: path.join(dirs.root, 'data', 'site.db') };
  });
  after(async () => {
    if (dirs) await fs.rm(dirs.root, { recursive: true, force: true });
  });

  it('check prints one line naming each rejected file and its problem, and exits 1', async () => {
    const { code, stdout } = await runCli('check.ts', env);
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    for (const [name, { line }] of Object.entries(BAD)) {
      assert.equal(lines.filter((l) => line.test(l)).length, 1, `${name}: ${line}\n${stdout}`);
    }
    assert.equal(lines.filter((l) => LINK_LINE.test(l)).length, 1, stdout);
    assert.match(stdout, /^canh-bao\.txt:3: warning: trường "category" không được dùng/m);
    assert.match(stdout, /^the-la\.md:3: warning: thẻ "!!!" không có chữ cái hay chữ số nào/m);
    assert.match(
      stdout,
      /^the-la\.md:7: warning: liên kết tới "javascript:alert\(1\)" bị từ chối/m,
    );
    assert.ok(
      stdout.indexOf('Cảnh báo') > stdout.lastIndexOf('không phải văn bản UTF-8'),
      'warnings come after errors',
    );
    for (const name of ['utf16.txt', 'Bài viết có dấu cách.txt', 'Tên NFD.txt']) {
      assert.ok(!stdout.includes(name), `${name} is reported:\n${stdout}`);
    }
    assert.match(stdout, /18 tệp bị từ chối/);
    await assert.rejects(fs.access(env.DATABASE_PATH!), 'check must not create the database');
  });

  it('import publishes the good files, reports the bad ones, and skips everything on a second run', async () => {
    const first = await runCli('import.ts', env);
    assert.equal(first.code, 1);
    assert.match(first.stdout, /5 bài mới/);
    assert.match(first.stdout, /18 tệp bị từ chối/);
    const second = await runCli('import.ts', env);
    assert.match(
      second.stdout,
      /0 bài mới, 0 cập nhật, 0 chuyển chỗ, 0 gỡ, 22 không đổi, 18 tệp bị từ chối/,
    );
    const check = await runCli('check.ts', env);
    assert.match(check.stdout, /đọc lại 0\)/);
    assert.match(check.stdout, /18 tệp bị từ chối/);
  });
});

describe('a running site when editors drop bad files', () => {
  let site: TestSite;
  let dirs: Awaited<ReturnType<typeof makeFolder>>;
  before(async () => {
    dirs = await makeFolder();
    site = await startSite({ watch: true, files: { 'tot.txt': 'Bài tốt\n\nVẫn online.\n' } });
  });
  after(async () => {
    await site?.close();
    if (dirs) await fs.rm(dirs.root, { recursive: true, force: true });
  });

  it('logs each bad file once, publishes the good ones, and keeps serving every other article', async () => {
    await writeAll(site.contentDir, dirs.outside);
    await waitFor(
      async () =>
        ((await (await site.get('/healthz')).json()) as { articles: number }).articles ===
        1 + Object.keys(GOOD).length,
      WATCHER_WAIT_MS,
      'the good files published',
    );
    await waitFor(
      async () =>
        ((await (await site.get('/healthz')).json()) as { rejectedFiles: number }).rejectedFiles ===
        18,
      WATCHER_WAIT_MS,
      'every bad file rejected',
    );
    // The count above is read from the database, which has it as soon as the sync commits;
    // the log lines follow once the sync has written the ledger and the report.
    const warned = (name: string) => site.logs.filter((l) => l.file === name && l.level === 40);
    const names = [...Object.keys(BAD), 'lien-ket-ra-ngoai.txt'];
    await waitFor(
      () => Promise.resolve(names.every((name) => warned(name).length > 0)),
      WATCHER_WAIT_MS,
      'a log line for every bad file',
    );
    for (const name of names) {
      assert.equal(warned(name).length, 1, `${name} logged ${warned(name).length} times`);
    }
    assert.equal((await site.get('/bai-tot-1.html')).status, 200);
    const health = await (await site.get('/healthz')).text();
    assert.doesNotMatch(health, /latin1|\.txt/, 'file names stay out of the public health check');
    const section = cheerio.load(await (await site.get('/chuyen-muc/thoi-su')).text());
    assert.equal(section('h1').text().includes('Thời sự'), true);
    assert.equal(section('.card__title').text().trim(), 'Thư mục tên NFD');
  });
});
