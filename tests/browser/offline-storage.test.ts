// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openContext, PHONE } from '../helpers/browser.js';
import {
  articleFile,
  articlePaths,
  cachedPaths,
  drawnImages,
  readSavedIndex,
  waitForSaved,
  waitForWorker,
} from '../helpers/offline.js';
import { photo } from '../helpers/sample-site.js';
import { waitFor } from '../../harness/wait-for.js';
import { startSite, type TestSite } from '../helpers/site.js';

const ARTICLES = 31;
const fileOf = (n: number) => `bai-${n}.md`;
const titleOf = (n: number) => `Tin vùng cao số ${n}, bà con xã ${n} làm đường liên thôn`;

let site: TestSite;
let browser: Browser;
const paths = new Map<string, string>();
const pathOf = (n: number) => paths.get(fileOf(n))!;

before(async () => {
  const files: Record<string, string | Uint8Array> = {};
  for (let n = 1; n <= ARTICLES; n++) {
    // The first two have a picture each: one stays, one goes with its article.
    const image = n <= 2 ? `anh-${n}.jpg` : undefined;
    files[fileOf(n)] = articleFile(titleOf(n), (n % 28) + 1, `Mở đầu của bài số ${n}.`, image);
    if (image) files[image] = await photo(1200, 750, n === 1 ? '#5a7d3a' : '#7d5a3a');
  }
  site = await startSite({ files });
  for (const [file, articlePath] of await articlePaths(site.url, site.contentDir)) {
    paths.set(file, articlePath);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

describe('what the worker keeps', { timeout: 180_000 }, () => {
  it('keeps the last 30 articles read, least recently read out first, with their pictures', async (t) => {
    const { context, problems } = await openContext(browser, {
      serviceWorkers: 'allow',
      viewport: { width: PHONE.width, height: PHONE.height },
    });
    try {
      const page = await context.newPage();
      const pictureOf = new Map<number, string>();
      const read = async (n: number) => {
        // Taken before the visit: the worker may save the page before the wait below begins.
        const readAt = Date.now();
        await page.goto(site.url + pathOf(n));
        await waitForWorker(page);
        if (n <= 2 && !pictureOf.has(n)) {
          const [shown] = await drawnImages(page);
          assert.ok(shown, `article ${n} shows its picture`);
          pictureOf.set(n, new URL(shown).pathname + new URL(shown).search);
        }
        // Saved, and counted as read by this visit.
        await waitFor(
          async () =>
            (await readSavedIndex(page)).some(
              ([key, meta]) => key === pathOf(n) && meta.readAt >= readAt,
            ),
          10_000,
          `article ${n} is saved`,
        );
        if (n <= 2) await waitForSaved(page, pictureOf.get(n)!);
      };
      for (let n = 1; n <= 30; n++) await read(n);
      // The first is read again: the second is now the one read longest ago.
      await read(1);
      await read(31);

      const kept = await cachedPaths(page);
      const articles = [...paths.values()].filter((p) => kept.includes(p));
      assert.equal(articles.length, 30);
      assert.ok(!kept.includes(pathOf(2)), 'the least recently read article is out');
      assert.ok(kept.includes(pathOf(1)) && kept.includes(pathOf(31)));
      assert.ok(!kept.includes(pictureOf.get(2)!), 'and its picture, which no article shows');
      assert.ok(kept.includes(pictureOf.get(1)!), 'the kept article keeps its picture');

      const { usage } = await page.evaluate(() => navigator.storage.estimate());
      t.diagnostic(`storage used with 30 articles (two with a picture): ${usage} bytes`);

      await context.setOffline(true);
      await page.goto(site.url + pathOf(2));
      assert.equal(await page.locator('h1').innerText(), 'Không có kết nối mạng');
      assert.equal(await page.locator('#bai-da-luu li').count(), 30);
      await page.goto(site.url + pathOf(1));
      assert.equal(await page.locator('h1').innerText(), titleOf(1));
      assert.equal((await drawnImages(page)).length, 1, 'its picture loads offline');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

// Stand-ins for browsers that cannot keep anything: the site must read as it does without it.
const NO_WORKERS = {
  'a browser without service workers': 'delete Navigator.prototype.serviceWorker;',
  'a private window that refuses them': `ServiceWorkerContainer.prototype.register = () =>
    Promise.reject(new DOMException('The operation is insecure.', 'SecurityError'));`,
  'a browser that throws on merely asking': `Object.defineProperty(Navigator.prototype,
    'serviceWorker', { get() { throw new DOMException('Access denied.', 'SecurityError'); } });`,
};

describe('browsers that keep nothing', { timeout: 120_000 }, () => {
  for (const [name, script] of Object.entries(NO_WORKERS)) {
    it(`works as without the worker, with no console error, in ${name}`, async () => {
      const { context, problems } = await openContext(browser, { serviceWorkers: 'allow' });
      try {
        const page = await context.newPage();
        await page.addInitScript({ content: script });
        for (const address of ['/', pathOf(1)]) {
          const response = await page.goto(site.url + address, { waitUntil: 'load' });
          assert.equal(response?.status(), 200);
          assert.ok(await page.locator('h1').isVisible());
        }
        await page.waitForTimeout(500);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  it('works as without the worker, with no console error, when storage is full', async () => {
    const { context, problems } = await openContext(browser, { serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      const devtools = await context.newCDPSession(page);
      await devtools.send('Storage.overrideQuotaForOrigin', { origin: site.url, quotaSize: 1 });
      for (const address of [pathOf(1), '/', pathOf(3)]) {
        const response = await page.goto(site.url + address, { waitUntil: 'load' });
        assert.equal(response?.status(), 200);
        assert.ok(await page.locator('h1').isVisible());
      }
      // The worker could not save its offline page, so it never took over.
      await page.waitForTimeout(1000);
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
      assert.deepEqual(await cachedPaths(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
