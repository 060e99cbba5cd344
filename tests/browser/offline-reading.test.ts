// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  findAccessibilityViolations,
  launchBrowser,
  openContext,
  PHONE,
} from '../helpers/browser.js';
import {
  articleFile,
  articlePaths,
  cachedPaths,
  drawnImages,
  savedNote,
  waitForSaved,
  waitForWorker,
} from '../helpers/offline.js';
import { startSiteProcess, type SiteProcess } from '../../harness/start-site-process.js';
import { photo } from '../helpers/sample-site.js';
import { waitFor } from '../../harness/wait-for.js';
import { TEST_PREVIEW_SECRET } from '../helpers/site.js';

const TITLES = {
  photo: 'Ruộng bậc thang Bộc Bố mùa nước đổ',
  // Written as an editor might: markup and quotes in a title are text, saved or not.
  market: 'Chợ phiên <b>Bằng Thành</b> & "đông vui" ngày cuối tuần',
  unread: 'Lễ hội Lồng tồng đầu xuân ở Nghiên Loan',
};
const SAVED_NOTE = /^Bản lưu lúc \d\d:\d\d, \d\d\/\d\d\./;

let root: string;
let contentDir: string;
let origin: SiteProcess;
let browser: Browser;
let context: BrowserContext;
let problems: string[];
let page: Page;
const paths = new Map<string, string>();
// What each article answered online: its policy must be the same offline.
const onlinePolicy = new Map<string, string>();

const pathOf = (file: string) => paths.get(file)!;
const startServer = async (port?: number) => {
  const databasePath = path.join(root, 'data', 'site.db');
  origin = await startSiteProcess({
    contentDir,
    databasePath,
    port,
    env: { PREVIEW_SECRET: TEST_PREVIEW_SECRET },
  });
};

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-offline-'));
  contentDir = path.join(root, 'content');
  await fs.mkdir(path.join(contentDir, 'anh'), { recursive: true });
  const files: Record<string, string | Buffer> = {
    'ruong.md': articleFile(TITLES.photo, 1, 'Nước từ khe núi về ruộng.', 'anh/ruong.jpg'),
    'anh/ruong.jpg': await photo(1600, 1000, '#5a7d3a'),
    'cho-phien.md': articleFile(TITLES.market, 2, 'Bà con gùi hàng xuống chợ.'),
    'le-hoi.md': articleFile(TITLES.unread, 3, 'Lễ hội cầu mùa đầu năm.'),
    'nhap.md': `---\ntitle: Bài còn nháp\ndraft: true\n---\nChưa đăng.\n`,
    '_chuyen-huong.txt': '/tin-cu/cho-phien  cho-phien.md\n',
  };
  for (const [file, content] of Object.entries(files)) {
    await fs.writeFile(path.join(contentDir, file), content);
  }
  await startServer();
  for (const [file, articlePath] of await articlePaths(origin.url, contentDir)) {
    paths.set(file, articlePath);
  }
  browser = await launchBrowser();
  ({ context, problems } = await openContext(browser, {
    serviceWorkers: 'allow',
    viewport: { width: PHONE.width, height: PHONE.height },
  }));
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  await origin?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

/** Opens an article offline (however) and checks it is the saved copy, as it was online. */
async function readSaved(file: string, title: string) {
  const response = await page.goto(origin.url + pathOf(file));
  assert.equal(response?.status(), 200, file);
  assert.equal(response?.headers()['content-security-policy'], onlinePolicy.get(file), file);
  assert.match((await savedNote(page)) ?? '(no note)', SAVED_NOTE, file);
  assert.equal(await page.locator('h1').innerText(), title);
  // The note is part of the page: readable in both colour schemes.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    assert.deepEqual(await findAccessibilityViolations(page), [], colorScheme);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('reading offline', { timeout: 180_000 }, () => {
  // Each test's own console errors and policy violations, none expected.
  let seen = 0;
  beforeEach(() => (seen = problems.length));
  const newProblems = () => problems.slice(seen);

  it('saves the articles a reader opens, with the picture the page showed', async () => {
    for (const [file, title] of [
      ['ruong.md', TITLES.photo],
      ['cho-phien.md', TITLES.market],
    ] as const) {
      const response = await page.goto(origin.url + pathOf(file));
      assert.equal(response?.status(), 200);
      assert.equal(await page.locator('h1').innerText(), title);
      assert.equal(await savedNote(page), undefined, 'online, the page is the live one');
      onlinePolicy.set(file, response!.headers()['content-security-policy']!);
      await waitForWorker(page);
      await waitForSaved(page, pathOf(file));
      if (file === 'ruong.md') {
        const shown = await drawnImages(page);
        assert.equal(shown.length, 1, 'the lead picture is shown');
        const picture = new URL(shown[0]!);
        await waitForSaved(page, picture.pathname + picture.search);
      }
    }
    assert.deepEqual(newProblems(), []);
  });

  it("answers both from the saved copy in the browser's offline mode", async () => {
    await context.setOffline(true);
    try {
      await readSaved('ruong.md', TITLES.photo);
      assert.equal((await drawnImages(page)).length, 1, 'the picture loads offline');
      await readSaved('cho-phien.md', TITLES.market);
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(newProblems(), []);
  });

  it('answers both from the saved copy while the server is stopped', async () => {
    const port = origin.port;
    await origin.stop();
    try {
      await readSaved('ruong.md', TITLES.photo);
      assert.equal((await drawnImages(page)).length, 1, 'the picture loads offline');
      await readSaved('cho-phien.md', TITLES.market);
    } finally {
      await startServer(port);
    }
    assert.deepEqual(newProblems(), []);
  });

  it('shows the offline page for an unread article, listing the saved ones newest first', async () => {
    await context.setOffline(true);
    try {
      const response = await page.goto(origin.url + pathOf('le-hoi.md'));
      assert.equal(response?.status(), 200);
      assert.equal(await page.locator('h1').innerText(), 'Không có kết nối mạng');
      const saved = page.locator('#bai-da-luu li a');
      assert.deepEqual(await saved.allInnerTexts(), [TITLES.market, TITLES.photo]);
      assert.equal(await page.locator('#bai-da-luu b').count(), 0, 'a title is never markup');
      assert.deepEqual(await findAccessibilityViolations(page), []);
      // Its links work offline.
      await saved.filter({ hasText: TITLES.photo }).click();
      await page.waitForURL(origin.url + pathOf('ruong.md'));
      assert.match((await savedNote(page)) ?? '(no note)', SAVED_NOTE);
      assert.equal(await page.locator('h1').innerText(), TITLES.photo);
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(newProblems(), []);
  });

  it('never keeps a preview, a search, a feed, a sitemap, /healthz or an error page', async () => {
    const report = await fs.readFile(path.join(contentDir, '_bao-cao.txt'), 'utf8');
    const preview = /\/xem-truoc\/\d+\/[\w-]+/.exec(report)?.[0];
    assert.ok(preview, `the editors' report gives the draft's preview link:\n${report}`);
    const never = [preview, '/tim-kiem?q=cho+phien', '/rss.xml', '/sitemap.xml', '/healthz'];
    for (const address of [...never, '/khong-co-trang-nay']) {
      await page.goto(origin.url + address);
    }
    assert.equal(await page.locator('h1').innerText(), 'Không tìm thấy trang');
    // Chromium shows a feed as a tree styled inline, which the site's policy rightly refuses,
    // and logs the 404: neither is the worker's doing.
    seen = problems.length;
    // A page that is kept, last: the worker keeps pages in the order they come.
    await page.goto(origin.url + '/');
    await waitForSaved(page, '/');
    const kept = await cachedPaths(page);
    for (const address of [...never, '/khong-co-trang-nay']) {
      assert.ok(!kept.some((p) => p.startsWith(address.split('?')[0]!)), `${address} is kept`);
    }
    assert.ok(!kept.some((p) => p.includes('/xem-truoc/')), 'no preview anywhere');

    await context.setOffline(true);
    try {
      await page.goto(origin.url + preview);
      assert.equal(await page.locator('h1').innerText(), 'Không có kết nối mạng');
      // The home page keeps its last copy.
      await page.goto(origin.url + '/');
      assert.match((await savedNote(page)) ?? '(no note)', SAVED_NOTE);
      assert.ok(await page.locator('main a', { hasText: TITLES.photo }).count());
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(newProblems(), []);
  });

  it('leads an old address to the saved article offline, with no redirect error', async () => {
    const response = await page.goto(origin.url + '/tin-cu/cho-phien');
    assert.equal(response?.status(), 200);
    assert.equal(page.url(), origin.url + pathOf('cho-phien.md'), 'the old address leads there');
    // What the worker learnt of the old address is in its own index.
    await waitFor(
      () =>
        page.evaluate(async () =>
          ((await (await caches.match('/.tin/index.json'))?.text()) ?? '').includes('/tin-cu/'),
        ),
      10_000,
      'the worker records where the old address leads',
    );
    await context.setOffline(true);
    try {
      const offline = await page.goto(origin.url + '/tin-cu/cho-phien');
      assert.equal(offline?.status(), 200);
      assert.equal(page.url(), origin.url + pathOf('cho-phien.md'));
      assert.match((await savedNote(page)) ?? '(no note)', SAVED_NOTE);
      assert.equal(await page.locator('h1').innerText(), TITLES.market);
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(newProblems(), []);
  });

  it('shows the corrected article offline after the next visit online', async () => {
    const marker = 'Đính chính: ruộng được dẫn nước từ ngày 20.';
    const file = path.join(contentDir, 'ruong.md');
    await fs.writeFile(file, articleFile(TITLES.photo, 1, marker, 'anh/ruong.jpg'));
    const address = origin.url + pathOf('ruong.md');
    await waitFor(
      async () => (await (await fetch(address)).text()).includes(marker),
      10_000,
      'the server shows the correction',
    );
    await page.goto(address);
    await waitFor(
      () =>
        page.evaluate(
          async ([key, text]) => ((await (await caches.match(key!))?.text()) ?? '').includes(text!),
          [pathOf('ruong.md'), marker],
        ),
      10_000,
      'the worker saves the corrected page',
    );
    await context.setOffline(true);
    try {
      await page.goto(address);
      assert.match((await savedNote(page)) ?? '(no note)', SAVED_NOTE);
      assert.ok((await page.locator('main').innerText()).includes(marker), 'the correction');
      assert.equal((await drawnImages(page)).length, 1, 'and its picture');
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(newProblems(), []);
  });

  it('shows the saved copy when the server takes the request and never answers', async () => {
    const port = origin.port;
    await origin.stop();
    // A server that accepts the connection and says nothing: a connection gone dead on 3G.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      const started = performance.now();
      await page.goto(origin.url + pathOf('cho-phien.md'), { timeout: 15_000 });
      const waited = performance.now() - started;
      assert.match((await savedNote(page)) ?? '(no note)', SAVED_NOTE);
      assert.ok(waited < 10_000, `the reader waited ${Math.round(waited)} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
      await startServer(port);
    }
    assert.deepEqual(newProblems(), []);
  });
});
