import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { waitFor, WATCHER_WAIT_MS } from '../../harness/wait-for.js';
import { articlePathOf, cardTitles, startSite, type TestSite } from '../helpers/site.js';

const article = (title: string, lead: string) => `${title}\n\n${lead}\n\nThân bài.\n`;

async function homeTitles(site: TestSite): Promise<string[]> {
  return cardTitles(await (await site.get('/')).text());
}

/** Writes an article and waits until it is online; returns its URL path. */
async function publish(site: TestSite, file: string, title: string, lead: string): Promise<string> {
  await site.write(file, article(title, lead));
  await waitFor(
    async () => (await articlePathOf(site, title)) !== undefined,
    WATCHER_WAIT_MS,
    `"${title}" published`,
  );
  return (await articlePathOf(site, title))!;
}

const sapoOf = async (site: TestSite, url: string) =>
  cheerio
    .load(await (await site.get(url)).text())('.article__sapo')
    .text();

// Each test writes its own file, so any one of them can run alone.
describe('watchContent', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ watch: true });
  });
  after(() => site?.close());

  it('publishes a dropped file on every page', async () => {
    await site.write('mua-xuan.txt', article('Mùa xuân ở Pác Nặm', 'Hoa mận nở trắng.'));
    await waitFor(
      async () => (await homeTitles(site)).includes('Mùa xuân ở Pác Nặm'),
      WATCHER_WAIT_MS,
      'the new article on the home page',
    );
    assert.equal((await site.get((await articlePathOf(site, 'Mùa xuân ở Pác Nặm'))!)).status, 200);
  });

  it('shows an edit, and moves the old slug to the new one', async () => {
    const before = await publish(site, 'hoa-dao.txt', 'Hoa đào ở Bằng Thành', 'Hoa đào chớm nở.');
    await site.write('hoa-dao.txt', article('Hoa đào về Bằng Thành', 'Hoa đào nở rộ.'));
    await waitFor(
      async () => (await articlePathOf(site, 'Hoa đào về Bằng Thành')) !== undefined,
      WATCHER_WAIT_MS,
      'the edited article',
    );
    const after = (await articlePathOf(site, 'Hoa đào về Bằng Thành'))!;
    assert.equal(after.split('-').at(-1), before.split('-').at(-1), 'the same id');
    assert.notEqual(after, before);
    const old = await site.get(before);
    assert.equal(old.status, 301);
    assert.equal(old.headers.get('location'), after);
    assert.equal(await sapoOf(site, after), 'Hoa đào nở rộ.');
  });

  it('keeps the last good version online when the file breaks, and reports the file', async () => {
    const url = await publish(
      site,
      'hoa-ban.txt',
      'Hoa ban nở trắng núi rừng',
      'Tháng Ba, hoa ban nở.',
    );
    await site.write('hoa-ban.txt', '---\ntitle: [không đóng\n---\nHỏng.\n');
    await waitFor(
      async () => site.logs.some((l) => l.file === 'hoa-ban.txt' && /YAML/.test(l.msg)),
      WATCHER_WAIT_MS,
      'a log line naming the broken file',
    );
    const line = site.logs.find((l) => l.file === 'hoa-ban.txt' && /YAML/.test(l.msg))!;
    assert.match(line.msg, /^hoa-ban\.txt:2: /);
    const res = await site.get(url);
    assert.equal(res.status, 200);
    assert.equal(
      cheerio
        .load(await res.text())('.article__sapo')
        .text(),
      'Tháng Ba, hoa ban nở.',
    );
    assert.ok((await homeTitles(site)).includes('Hoa ban nở trắng núi rừng'));
  });

  it('publishes the fix once the file is repaired', async () => {
    const url = await publish(site, 'hoa-man.txt', 'Hoa mận Nghiên Loan', 'Hoa mận nở sớm.');
    await site.write('hoa-man.txt', '---\ntitle: [không đóng\n---\nHỏng.\n');
    await waitFor(
      async () => site.logs.some((l) => l.file === 'hoa-man.txt' && /YAML/.test(l.msg)),
      WATCHER_WAIT_MS,
      'the broken file reported',
    );
    await site.write('hoa-man.txt', article('Hoa mận Nghiên Loan', 'Đã sửa lỗi.'));
    await waitFor(
      async () => (await sapoOf(site, url)) === 'Đã sửa lỗi.',
      WATCHER_WAIT_MS,
      'the repaired article',
    );
  });

  it('answers 410 once the file is deleted', async () => {
    const url = await publish(site, 'se-go.txt', 'Thông báo sẽ gỡ', 'Bài này sẽ bị xóa.');
    await fs.rm(path.join(site.contentDir, 'se-go.txt'));
    await waitFor(
      async () => (await site.get(url)).status === 410,
      WATCHER_WAIT_MS,
      'the deleted article answering 410',
    );
    assert.ok(!(await homeTitles(site)).includes('Thông báo sẽ gỡ'));
  });

  it('publishes within one second a file saved into a section folder made after it started', async () => {
    const folder = path.join(site.contentDir, 'Văn hóa');
    await fs.mkdir(folder);
    // Long enough for the folder's own event to be handled before anything is saved in it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await site.write('Văn hóa/le-hoi.txt', article('Lễ hội Lồng tồng', 'Xuống đồng đầu năm.'));
    await waitFor(
      async () => (await homeTitles(site)).includes('Lễ hội Lồng tồng'),
      WATCHER_WAIT_MS,
      'the article saved in the new folder',
    );
  });

  it('keeps watching a section folder that was removed and made again', async () => {
    const folder = path.join(site.contentDir, 'Thể thao');
    await fs.mkdir(folder);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fs.rm(folder, { recursive: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fs.mkdir(folder);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await site.write('Thể thao/dua-thuyen.txt', article('Đua thuyền trên sông Gâm', 'Sáu đội.'));
    await waitFor(
      async () => (await homeTitles(site)).includes('Đua thuyền trên sông Gâm'),
      WATCHER_WAIT_MS,
      'the article saved in the folder made again',
    );
  });
});
