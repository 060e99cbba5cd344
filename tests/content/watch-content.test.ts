import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { cardTitles, startSite, waitFor, type TestSite } from '../helpers/site.js';

const article = (title: string, lead: string) => `${title}\n\n${lead}\n\nThân bài.\n`;

async function homeTitles(site: TestSite): Promise<string[]> {
  return cardTitles(await (await site.get('/')).text());
}

describe('watchContent', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ watch: true });
  });
  after(() => site?.close());

  it('publishes a dropped file on every page within one second', async () => {
    await site.write('mua-xuan.txt', article('Mùa xuân ở Pác Nặm', 'Hoa mận nở trắng.'));
    const ms = await waitFor(
      async () => (await homeTitles(site)).includes('Mùa xuân ở Pác Nặm'),
      1000,
      'the new article on the home page',
    );
    assert.ok(ms < 1000);
    assert.equal((await site.get('/mua-xuan-o-pac-nam-1.html')).status, 200);
  });

  it('shows an edit within one second, and moves the old slug to the new one', async () => {
    await site.write('mua-xuan.txt', article('Mùa xuân về Pác Nặm', 'Hoa mận và hoa đào nở.'));
    await waitFor(
      async () => (await site.get('/mua-xuan-ve-pac-nam-1.html')).status === 200,
      1000,
      'the edited article at its new URL',
    );
    const old = await site.get('/mua-xuan-o-pac-nam-1.html');
    assert.equal(old.status, 301);
    assert.equal(old.headers.get('location'), '/mua-xuan-ve-pac-nam-1.html');
    const $ = cheerio.load(await (await site.get('/mua-xuan-ve-pac-nam-1.html')).text());
    assert.equal($('.article__sapo').text(), 'Hoa mận và hoa đào nở.');
  });

  it('keeps the last good version online when the file breaks, and reports the file', async () => {
    await site.write('mua-xuan.txt', '---\ntitle: [không đóng\n---\nHỏng.\n');
    await waitFor(
      async () => site.logs.some((l) => l.file === 'mua-xuan.txt' && /YAML/.test(l.msg)),
      1000,
      'a log line naming the broken file',
    );
    const line = site.logs.find((l) => l.file === 'mua-xuan.txt' && /YAML/.test(l.msg))!;
    assert.match(line.msg, /^mua-xuan\.txt:2: /);
    const res = await site.get('/mua-xuan-ve-pac-nam-1.html');
    assert.equal(res.status, 200);
    assert.equal(cheerio.load(await res.text())('.article__sapo').text(), 'Hoa mận và hoa đào nở.');
    assert.ok((await homeTitles(site)).includes('Mùa xuân về Pác Nặm'));
  });

  it('publishes the fix once the file is repaired', async () => {
    await site.write('mua-xuan.txt', article('Mùa xuân về Pác Nặm', 'Đã sửa lỗi.'));
    await waitFor(
      async () =>
        cheerio.load(await (await site.get('/mua-xuan-ve-pac-nam-1.html')).text())('.article__sapo').text() ===
        'Đã sửa lỗi.',
      1000,
      'the repaired article',
    );
  });

  it('answers 410 within one second once the file is deleted', async () => {
    await fs.rm(path.join(site.contentDir, 'mua-xuan.txt'));
    await waitFor(
      async () => (await site.get('/mua-xuan-ve-pac-nam-1.html')).status === 410,
      1000,
      'the deleted article answering 410',
    );
    assert.deepEqual(await homeTitles(site), []);
  });
});
