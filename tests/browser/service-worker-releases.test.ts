// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { PUBLIC_DIR } from '../../src/paths.js';
import { OFFLINE_PATH } from '../../src/shared/urls.js';
import { launchBrowser, openContext } from '../helpers/browser.js';
import {
  articleFile,
  articlePaths,
  cacheNames,
  waitForSaved,
  waitForWorker,
} from '../helpers/offline.js';
import { startSiteProcess, type SiteProcess } from '../../harness/start-site-process.js';
import { waitFor } from '../../harness/wait-for.js';
import { startSite, type TestSite } from '../helpers/site.js';

const TITLE = 'Bản Khuổi Khí làm du lịch cộng đồng';
const OTHER_TITLE = 'Chợ phiên Pác Nặm họp sớm';
// A new worker is fetched, installs (saving the offline page and the assets) and activates
// (deleting the old caches) after the visit: seconds on a machine busy with other tests.
const TAKEOVER_MS = 30_000;

let root: string;
let contentDir: string;
let browser: Browser;
let article: string;

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-releases-'));
  contentDir = path.join(root, 'content');
  await fs.mkdir(contentDir);
  await fs.writeFile(
    path.join(contentDir, 'khuoi-khi.md'),
    articleFile(TITLE, 5, 'Bà con mở nhà nghỉ cho khách.'),
  );
  await fs.writeFile(
    path.join(contentDir, 'cho-phien.md'),
    articleFile(OTHER_TITLE, 6, 'Người dân các bản mang hàng xuống chợ từ bốn giờ sáng.'),
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

/** The origin's worker registrations and cache names, read without changing either. */
async function workerState(page: Page) {
  return {
    registrations: await page.evaluate(
      async () => (await navigator.serviceWorker.getRegistrations()).length,
    ),
    caches: await cacheNames(page),
  };
}

/** The release of a cache, from its name: tin-<kind>-<release>. */
const releaseOf = (name: string) => name.split('-').slice(2).join('-');

/** Waits until no cache of the release `old` is left, and gives the cache names then. */
async function waitForOldReleaseGone(page: Page, old: string): Promise<string[]> {
  let seen: string[] = [];
  await waitFor(
    async () => {
      seen = await cacheNames(page);
      return seen.every((name) => releaseOf(name) !== old);
    },
    TAKEOVER_MS,
    () => `the old release's caches are deleted (last seen: ${seen.join(', ')})`,
  );
  return seen;
}

describe('a new release of the worker', { timeout: 120_000 }, () => {
  // Two releases that differ in their worker's code alone.
  let releases: string[];
  before(async () => {
    releases = ['first', 'second'].map((name) => path.join(root, `public-${name}`));
    for (const dir of releases) await fs.cp(PUBLIC_DIR, dir, { recursive: true });
    await fs.appendFile(
      path.join(releases[1]!, 'worker', 'service-worker.js'),
      '\n// The next release.\n',
    );
  });

  it('takes over at the next visit and deletes the caches of the old one', async () => {
    let site: TestSite = await startSite({ contentDir, publicDir: releases[0] });
    const { context, problems } = await openContext(browser, { serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      article = (await articlePaths(site.url, contentDir)).get('khuoi-khi.md')!;
      await page.goto(site.url + article);
      await waitForWorker(page);
      await waitForSaved(page, article);
      const first = (await workerState(page)).caches;
      assert.ok(first.length > 0 && first.every((name) => name.startsWith('tin-')), `${first}`);

      const port = Number(new URL(site.url).port);
      await site.close();
      site = await startSite({ contentDir, publicDir: releases[1], port });
      await page.reload();
      // A cache is named tin-<kind>-<release>. An answer the old worker is still finishing as
      // the new one takes over must not make one of its caches again after the sweep (or one it
      // had not made yet when `first` was read). The test reads the names alone: opening a
      // cache the sweep has just deleted would make it again, the test's own leftover.
      const old = releaseOf(first[0]!);
      const now = await waitForOldReleaseGone(page, old);
      assert.ok(now.length > 0, "the new worker's caches replace the old ones");
      await waitForSaved(page, article);
      const { registrations, caches } = await workerState(page);
      assert.equal(registrations, 1);
      assert.equal(new Set(caches.map(releaseOf)).size, 1, `one release's caches: ${caches}`);
      assert.ok(
        caches.every((name) => releaseOf(name) !== old),
        `no cache of the old release: ${caches}`,
      );
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await site.close();
    }
  });

  it('keeps its offline page when the old worker saves a page while it installs', async () => {
    let site: TestSite = await startSite({ contentDir, publicDir: releases[0] });
    const { context, problems } = await openContext(browser, { serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      const paths = await articlePaths(site.url, contentDir);
      await page.goto(site.url + paths.get('khuoi-khi.md')!);
      await waitForWorker(page);
      await waitForSaved(page, paths.get('khuoi-khi.md')!);
      const old = releaseOf((await cacheNames(page))[0]!);

      // The new release's install is held at its offline page, its shell cache made: the old
      // worker, still in control, meanwhile saves the next article the reader opens.
      let startInstall!: () => void;
      const installing = new Promise<void>((resolve) => (startInstall = resolve));
      let finishInstall!: () => void;
      const held = new Promise<void>((resolve) => (finishInstall = resolve));
      await context.route(`**${OFFLINE_PATH}`, async (route) => {
        startInstall();
        await held;
        await route.continue();
      });
      const port = Number(new URL(site.url).port);
      await site.close();
      site = await startSite({ contentDir, publicDir: releases[1], port });
      await page.reload();
      await installing;
      const names = await cacheNames(page);
      const shell = names.find((name) => releaseOf(name) !== old) ?? '';
      assert.ok(shell.startsWith('tin-shell-'), `the new release's shell cache: ${names}`);
      await page.goto(site.url + paths.get('cho-phien.md')!);
      await waitForSaved(page, paths.get('cho-phien.md')!);
      finishInstall();

      const seen = await waitForOldReleaseGone(page, old);
      assert.ok(seen.includes(shell), `the new worker keeps its shell cache: ${seen}`);
      // What the shell is for: offline, a page the reader never opened is the offline page.
      await context.setOffline(true);
      try {
        await page.goto(site.url + '/');
        assert.equal(await page.locator('h1').innerText(), 'Không có kết nối mạng');
      } finally {
        await context.setOffline(false);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await site.close();
    }
  });
});

describe('the retiring worker (SERVICE_WORKER=retire)', { timeout: 120_000 }, () => {
  let origin: SiteProcess | undefined;
  after(() => origin?.stop());

  it('leaves no registration and no cache in a browser that had the worker', async () => {
    const spec = { contentDir, databasePath: path.join(root, 'data', 'site.db') };
    origin = await startSiteProcess(spec);
    const { context, problems } = await openContext(browser, { serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      article = (await articlePaths(origin.url, contentDir)).get('khuoi-khi.md')!;
      await page.goto(origin.url + article);
      await waitForWorker(page);
      await waitForSaved(page, article);
      assert.equal((await workerState(page)).registrations, 1);

      const port = origin.port;
      await origin.stop();
      origin = await startSiteProcess({ ...spec, port, env: { SERVICE_WORKER: 'retire' } });
      // Its first page answered before the reader's visit: past the worker's four seconds of
      // waiting for the network (a loaded machine), the reader would get the saved copy, which
      // predates the retirement and so cannot carry it out.
      assert.equal((await fetch(origin.url + article)).status, 200);
      // The reader's next visit: the page removes the worker and every cache.
      await page.reload();
      await waitFor(
        async () => {
          const state = await workerState(page);
          return state.registrations === 0 && state.caches.length === 0;
        },
        TAKEOVER_MS,
        'the worker removes itself and every cache',
      );
      // The pages no longer register it, so it stays gone.
      await page.goto(origin.url + '/');
      await page.goto(origin.url + article);
      await page.waitForTimeout(500);
      assert.deepEqual(await workerState(page), { registrations: 0, caches: [] });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
