// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { PUBLIC_DIR } from '../../src/paths.js';
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

describe('a new release of the worker', { timeout: 120_000 }, () => {
  it('takes over at the next visit and deletes the caches of the old one', async () => {
    // Two releases that differ in their worker's code alone.
    const releases = ['first', 'second'].map((name) => path.join(root, `public-${name}`));
    for (const dir of releases) await fs.cp(PUBLIC_DIR, dir, { recursive: true });
    await fs.appendFile(
      path.join(releases[1]!, 'worker', 'service-worker.js'),
      '\n// The next release.\n',
    );
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
      const releaseOf = (name: string) => name.split('-').slice(2).join('-');
      const old = releaseOf(first[0]!);
      let seen: string[] = [];
      await waitFor(
        async () => {
          seen = (await workerState(page)).caches;
          return seen.length > 0 && seen.every((name) => releaseOf(name) !== old);
        },
        TAKEOVER_MS,
        () => `the new worker's caches replace the old ones (last seen: ${seen.join(', ')})`,
      );
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
