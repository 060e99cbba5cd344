import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import sharp from 'sharp';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Appends each chunk to `file` from a separate process, `intervalMs` apart. */
function writeSlowly(file: string, chunks: string[], intervalMs: number): Promise<void> {
  const script = `
    const fs = require('node:fs');
    const [file, chunks, interval] = JSON.parse(process.argv[1]);
    let i = 0;
    const timer = setInterval(() => {
      fs.appendFileSync(file, chunks[i++]);
      if (i === chunks.length) clearInterval(timer);
    }, interval);`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', script, JSON.stringify([file, chunks, intervalMs])],
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

/**
 * Writes `chunks` to `file` from a separate process that keeps the file open throughout, waiting
 * `pausesMs[i]` after chunk i: a copy over a slow network share.
 */
function copySlowly(file: string, chunks: string[], pausesMs: number[]): Promise<void> {
  const script = `
    const fs = require('node:fs');
    const [file, chunks, pauses] = JSON.parse(process.argv[1]);
    const fd = fs.openSync(file, 'w');
    const next = (i) => {
      if (i === chunks.length) return fs.closeSync(fd);
      fs.writeSync(fd, chunks[i]);
      setTimeout(() => next(i + 1), pauses[i] ?? 0);
    };
    next(0);`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, JSON.stringify([file, chunks, pausesMs])], (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

async function articleCount(site: TestSite): Promise<number> {
  const row = await site.db.get<{ n: number }>('SELECT count(*) AS n FROM articles');
  return row!.n;
}

describe('the watcher and editors saving files', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ watch: true });
  });
  after(() => site?.close());

  it('publishes a file that grows over two seconds once, complete', async () => {
    const file = path.join(site.contentDir, 'dang-viet.txt');
    const seen = new Set<string>();
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const url = await articlePathOf(site, 'Bài viết dài');
        const res = url === undefined ? undefined : await site.get(url);
        const body = await res?.text();
        seen.add(
          res?.status === 200
            ? cheerio.load(body!)('.article__body p').last().text()
            : String(res?.status ?? 404),
        );
        await sleep(25);
      }
    })();
    // The editor is another process, as in real life: a busy server must not slow its writes.
    const chunks = Array.from({ length: 40 }, (_, n) => `\nĐoạn thứ ${n + 1}.\n`);
    await writeSlowly(file, ['Bài viết dài\n\nĐoạn mở đầu.\n', ...chunks, '\nHẾT.\n'], 50);
    await waitFor(async () => seen.has('HẾT.'), WATCHER_WAIT_MS, 'the complete article');
    polling = false;
    await poll;
    assert.deepEqual([...seen].sort(), ['404', 'HẾT.']);
    const stored = await site.db.all('SELECT id FROM articles WHERE title = ?', ['Bài viết dài']);
    assert.equal(stored.length, 1);
  });

  it('publishes a temp-file-then-rename save once, under the real name, and ignores editor temporaries', async () => {
    const before = await articleCount(site);
    await site.write('.luu-tam.txt.swp', 'Tệp hoán đổi của vim\n\nKhông đăng.\n');
    await site.write('~$luu-tam.txt', 'Tệp khóa của Word\n\nKhông đăng.\n');
    await site.write('#luu-tam.txt#', 'Tệp tự lưu của emacs\n\nKhông đăng.\n');
    const temp = await site.write('luu-tam.txt.tmp', 'Lưu an toàn\n\nĐoạn mở đầu.\n');
    await sleep(100);
    await fs.rename(temp, path.join(site.contentDir, 'luu-tam.txt'));
    await waitFor(
      async () => (await articlePathOf(site, 'Lưu an toàn')) !== undefined,
      WATCHER_WAIT_MS,
      'the renamed file published',
    );
    assert.equal((await site.get((await articlePathOf(site, 'Lưu an toàn'))!)).status, 200);
    await sleep(400);
    assert.equal(await articleCount(site), before + 1);
    const sources = await site.db.all<{ source_path: string }>('SELECT source_path FROM articles');
    assert.ok(
      sources.every((s) => /^[^.~#].*\.txt$/.test(s.source_path)),
      JSON.stringify(sources),
    );
  });

  it('keeps the id of a file renamed and moved into a section folder', async () => {
    const before = await articleCount(site);
    await site.write('di-chuyen.txt', 'Bài sẽ chuyển chỗ\n\nĐoạn mở đầu.\n');
    await waitFor(
      async () => (await articlePathOf(site, 'Bài sẽ chuyển chỗ')) !== undefined,
      WATCHER_WAIT_MS,
      'the article to move',
    );
    const url = (await articlePathOf(site, 'Bài sẽ chuyển chỗ'))!;
    assert.equal((await site.get(url)).status, 200);

    await fs.mkdir(path.join(site.contentDir, 'Xã hội'));
    await fs.rename(
      path.join(site.contentDir, 'di-chuyen.txt'),
      path.join(site.contentDir, 'Xã hội', 'ten-moi.txt'),
    );
    await waitFor(
      async () =>
        cheerio
          .load(await (await site.get(url)).text())('.breadcrumbs')
          .text()
          .includes('Xã hội'),
      WATCHER_WAIT_MS,
      'the moved article in its section',
    );
    assert.equal(await articleCount(site), before + 1);
    assert.equal((await site.get(url)).status, 200);
    assert.equal((await site.get('/chuyen-muc/xa-hoi')).status, 200);
  });

  it('answers 410 for a deleted file and brings the article back under its old id when the file returns', async () => {
    const content = 'Bài sẽ bị xóa\n\nĐoạn mở đầu.\n';
    const file = await site.write('Văn hóa/se-xoa.txt', content);
    await waitFor(
      async () => (await articlePathOf(site, 'Bài sẽ bị xóa')) !== undefined,
      WATCHER_WAIT_MS,
      'the article to delete',
    );
    const url = (await articlePathOf(site, 'Bài sẽ bị xóa'))!;
    const count = await articleCount(site);
    await fs.rm(file);
    await waitFor(
      async () => (await site.get(url)).status === 410,
      WATCHER_WAIT_MS,
      'the deleted article answering 410',
    );
    await fs.writeFile(path.join(site.contentDir, 'tro-lai.txt'), content);
    await waitFor(
      async () => (await site.get(url)).status === 200,
      WATCHER_WAIT_MS,
      'the article back at its old URL',
    );
    assert.equal(await articleCount(site), count);
  });

  it('shows a picture dropped into the picture folder of a section', async () => {
    await fs.mkdir(path.join(site.contentDir, 'Ảnh', 'anh'), { recursive: true });
    await site.write(
      'Ảnh/phong-su.md',
      '---\ntitle: Phóng sự ảnh\nimage: anh/doi-che.png\n---\nĐồi chè.\n',
    );
    const row = await waitFor(
      async () =>
        (await site.db.get('SELECT id FROM articles WHERE title = ?', ['Phóng sự ảnh'])) !==
        undefined,
      WATCHER_WAIT_MS,
      'the article',
    ).then(() =>
      site.db.get<{ id: number }>('SELECT id FROM articles WHERE title = ?', ['Phóng sự ảnh']),
    );
    const url = `/phong-su-anh-${row!.id}.html`;
    assert.equal(cheerio.load(await (await site.get(url)).text())('.article__image').length, 0);
    const png = await sharp({
      create: { width: 900, height: 600, channels: 3, background: '#3a6' },
    })
      .png()
      .toBuffer();
    await site.write('Ảnh/anh/doi-che.png', png);
    await waitFor(
      async () =>
        cheerio
          .load(await (await site.get(url)).text())('.article__image img')
          .attr('width') === '900',
      WATCHER_WAIT_MS,
      'the picture on the page',
    );
  });
});

describe('a copy over a slow network share', () => {
  it('never publishes a file held open for writing, through pauses of two seconds', async (t) => {
    const site = await startSite({ watch: true });
    t.after(() => site.close());
    const file = path.join(site.contentDir, 'sao-cham.txt');
    const seen = new Set<string>();
    let polling = true;
    const url = '/ban-sao-cham-1.html';
    const poll = (async () => {
      while (polling) {
        const res = await site.get(url);
        const body = await res.text();
        seen.add(
          res.status === 200
            ? cheerio.load(body)('.article__body p').last().text()
            : String(res.status),
        );
        await sleep(25);
      }
    })();
    const chunks = ['Bản sao chậm\n\nĐoạn mở đầu.\n', '\nĐoạn hai.\n', '\nĐoạn ba.\n', '\nHẾT.\n'];
    await copySlowly(file, chunks, [600, 2000, 1200]);
    await waitFor(async () => seen.has('HẾT.'), WATCHER_WAIT_MS, 'the article once the copy ends');
    polling = false;
    await poll;
    assert.deepEqual([...seen].sort(), ['404', 'HẾT.']);
  });
});
