// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  findAccessibilityViolations,
  findHorizontalOverflow,
  launchBrowser,
  listLayoutShifts,
  type LayoutShift,
  openContext,
  tabThroughPage,
  type Viewport,
} from '../helpers/browser.js';
import { ARTIFACTS_DIR, startSampleSite } from '../helpers/sample-site.js';

const SCREENSHOTS_DIR = path.join(ARTIFACTS_DIR, 'screenshots');
// Generous for a loaded CI machine, yet a hung browser fails the run instead of stalling it.
const SUITE_LIMIT = { timeout: 180_000 };

// The page table lives in sample-site.ts: every page below runs for every row of it.
const { site, pages } = await startSampleSite();
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
  await fs.mkdir(SCREENSHOTS_DIR, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site.close();
});

for (const viewport of [PHONE, DESKTOP]) {
  describe(`pages at ${viewport.width}×${viewport.height} (${viewport.name})`, SUITE_LIMIT, () => {
    let context: BrowserContext;
    let problems: string[];

    before(async () => {
      ({ context, problems } = await openContext(browser, {
        viewport: { width: viewport.width, height: viewport.height },
        deviceScaleFactor: viewport.scale,
        colorScheme: 'light',
      }));
    });
    after(() => context?.close());

    for (const pageCase of pages) {
      describe(`${pageCase.name} (${pageCase.path})`, () => {
        let page: Page;
        let problemsBefore: number;
        let layoutShifts: LayoutShift[];

        before(async () => {
          page = await context.newPage();
          problemsBefore = problems.length;
          const response = await page.goto(site.url + pageCase.path, { waitUntil: 'load' });
          assert.equal(response?.status(), pageCase.status);
          // Measured before anything else touches the page (a full-page screenshot resizes it).
          layoutShifts = await listLayoutShifts(page);
          await writeScreenshots(page, pageCase.name, viewport);
        });
        after(() => page?.close());

        it('has no WCAG 2.2 A or AA violation that axe-core can find, in light mode', async () => {
          assert.deepEqual(await findAccessibilityViolations(page), []);
        });

        it('has no WCAG 2.2 A or AA violation that axe-core can find, in dark mode', async () => {
          await page.emulateMedia({ colorScheme: 'dark' });
          try {
            assert.deepEqual(await findAccessibilityViolations(page), []);
          } finally {
            await page.emulateMedia({ colorScheme: 'light' });
          }
        });

        it('logs no console error, script error or Content-Security-Policy violation', () => {
          assert.deepEqual(problems.slice(problemsBefore), []);
        });

        it('does not move content around while loading', () => {
          assert.deepEqual(layoutShifts, []);
        });

        it('reaches the skip link first, then every link with a visible focus', async () => {
          const stops = await tabThroughPage(page);
          assert.ok(stops.length > 0, 'Tab focuses nothing');
          assert.equal(stops[0]!.href, '#noi-dung', `first Tab stop is ${stops[0]!.label}`);
          const hidden = stops.filter((s) => s.invisible).map((s) => `${s.label}: ${s.invisible}`);
          assert.deepEqual(hidden, []);

          const reached = new Set(stops.map((s) => s.href));
          const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
          assert.deepEqual(
            links.filter((href) => !reached.has(href ?? undefined)),
            [],
            'links that Tab never reaches',
          );
          if (pageCase.listsArticles) {
            const articles = await page.$$eval('main article h2 a', (as) =>
              as.map((a) => a.getAttribute('href')),
            );
            assert.ok(articles.length > 0, 'the listing shows no article link');
            assert.deepEqual(
              articles.filter((href) => !reached.has(href ?? undefined)),
              [],
            );
          }
          // The search box is in the masthead once the search form exists: Tab must reach it.
          if ((await page.locator('input[type="search"]').count()) > 0) {
            assert.ok(
              stops.some((s) => s.tag === 'input' && s.type === 'search'),
              'Tab never reaches the search box',
            );
          }
        });

        it('moves the keyboard focus into the main content from the skip link', async () => {
          await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          await page.keyboard.press('Tab');
          await page.keyboard.press('Enter');
          await page.keyboard.press('Tab');
          const inMain = await page.evaluate(
            () => document.activeElement?.closest('main') !== null,
          );
          assert.ok(inMain, 'after the skip link, Tab lands outside <main>');
        });
      });
    }
  });
}

describe('pages at 320 px, the narrowest phones', SUITE_LIMIT, () => {
  let context: BrowserContext;
  before(async () => {
    ({ context } = await openContext(browser, { viewport: { width: 320, height: 640 } }));
  });
  after(() => context?.close());

  for (const pageCase of pages) {
    it(`${pageCase.name} does not scroll sideways`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(site.url + pageCase.path);
        assert.deepEqual(await findHorizontalOverflow(page), []);
      } finally {
        await page.close();
      }
    });
  }
});

describe('pages with JavaScript turned off', SUITE_LIMIT, () => {
  let context: BrowserContext;
  before(async () => {
    ({ context } = await openContext(browser, {
      viewport: { width: PHONE.width, height: PHONE.height },
      javaScriptEnabled: false,
    }));
  });
  after(() => context?.close());

  for (const pageCase of pages) {
    it(`${pageCase.name} shows its one heading and its text`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(site.url + pageCase.path);
        const headings = page.locator('h1');
        assert.equal(await headings.count(), 1);
        assert.ok(await headings.isVisible(), 'the heading is not visible');
        assert.notEqual((await headings.innerText()).trim(), '');
        const paragraph = page.locator('main p').first();
        assert.ok(await paragraph.isVisible(), 'no paragraph of the page is visible');
        assert.ok(
          (await paragraph.innerText()).trim().length >= 20,
          'the first paragraph is empty',
        );
      } finally {
        await page.close();
      }
    });
  }
});

/** The whole page, and the first screen as a reader sees it (README uses the article's). */
async function writeScreenshots(page: Page, name: string, viewport: Viewport): Promise<void> {
  await page.screenshot({
    path: path.join(SCREENSHOTS_DIR, `${name}-${viewport.width}.png`),
    fullPage: true,
  });
  await page.screenshot({
    path: path.join(SCREENSHOTS_DIR, `${name}-${viewport.width}-screen.png`),
  });
}
