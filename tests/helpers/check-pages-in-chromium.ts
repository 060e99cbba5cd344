// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  findAccessibilityViolations,
  findHorizontalOverflow,
  launchBrowser,
  openContext,
  PHONE,
  tabThroughPage,
} from './browser.js';
import { checkHtml } from './html-checker.js';
import type { TestSite } from './site.js';

export interface PagesInChromium {
  /** Opens a page by name at a width (a phone's by default), once it answered 200. */
  open(name: string, width?: number): Promise<Page>;
}

export interface PagesToCheck {
  /** The pages' names, for the tests' names. */
  names: readonly string[];
  /** The site, once the describe's own `before` has started it. */
  site: () => TestSite;
  /** A page's path by its name, asked once the site is started. */
  pathOf: (name: string) => string;
  /** The links that must be reached from the keyboard. */
  links?: string;
  /** Registers the describe's own tests, before the last two, which see their pages too. */
  more?: (chromium: PagesInChromium) => void;
}

/**
 * Registers, in the describe it is called in (after the `before` that starts the site), the
 * checks every page of the site passes in Chromium at a phone's size: no WCAG A or AA violation,
 * light or dark; every link reached from the keyboard, the skip link first, with a visible
 * focus; no sideways scroll at 320 px; then `more`; then nothing logged, and valid HTML.
 */
export function checkPagesInChromium({
  names,
  site,
  pathOf,
  links = 'main a[href]',
  more,
}: PagesToCheck): void {
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];
  before(async () => {
    browser = await launchBrowser();
    ({ context, problems } = await openContext(browser, {
      viewport: { width: PHONE.width, height: PHONE.height },
      deviceScaleFactor: PHONE.scale,
    }));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
  });

  const open = async (name: string, width = PHONE.width): Promise<Page> => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: PHONE.height });
    const response = await page.goto(site().url + pathOf(name), { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    return page;
  };
  const onPage = async (name: string, width: number, check: (page: Page) => Promise<void>) => {
    const page = await open(name, width);
    try {
      await check(page);
    } finally {
      await page.close();
    }
  };

  for (const name of names) {
    it(`shows the ${name} page with no WCAG A or AA violation, light or dark`, () =>
      onPage(name, PHONE.width, async (page) => {
        assert.deepEqual(await findAccessibilityViolations(page), []);
        await page.emulateMedia({ colorScheme: 'dark' });
        assert.deepEqual(await findAccessibilityViolations(page), []);
      }));

    it(`reaches every link of the ${name} page from the keyboard, with a visible focus`, () =>
      onPage(name, PHONE.width, async (page) => {
        const stops = await tabThroughPage(page);
        assert.equal(stops[0]?.href, '#noi-dung', 'the skip link first');
        const hidden = stops.filter((s) => s.invisible).map((s) => `${s.label}: ${s.invisible}`);
        assert.deepEqual(hidden, []);
        const reached = new Set(stops.map((s) => s.href));
        const hrefs = await page.$$eval(links, (as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(
          hrefs.filter((href) => !reached.has(href ?? undefined)),
          [],
        );
      }));

    it(`does not scroll the ${name} page sideways at 320 px`, () =>
      onPage(name, 320, async (page) => {
        assert.deepEqual(await findHorizontalOverflow(page), []);
      }));
  }
  more?.({ open });

  it('logs no console error, script error or Content-Security-Policy violation', () => {
    assert.deepEqual(problems, []);
  });

  it('serves valid HTML on each page, as the W3C Nu HTML Checker reads it', async () => {
    const pages = await Promise.all(
      names.map(async (name) => ({
        name: name.replace(/\W+/g, '-'),
        html: await (await site().get(pathOf(name))).text(),
      })),
    );
    const errors = (await checkHtml(pages))
      .filter((m) => m.type !== 'info')
      .map((m) => `${m.page}:${m.lastLine}: ${m.message} (${m.extract ?? ''})`);
    assert.deepEqual(errors, []);
  });
}
