// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, measureLineLengths, openContext } from '../helpers/browser.js';
import { startSampleSite } from '../helpers/sample-site.js';

const { site, pages } = await startSampleSite();
const pathOf = (name: string) => pages.find((p) => p.name === name)!.path;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  browser = await launchBrowser();
  ({ context } = await openContext(browser, {
    viewport: { width: DESKTOP.width, height: DESKTOP.height },
  }));
});

after(async () => {
  await browser?.close();
  await site.close();
});

/** A fresh tab on `name`'s page, closed whatever the test does. */
async function withPage(name: string, use: (page: Page) => Promise<void>, media?: 'print') {
  const page = await context.newPage();
  try {
    if (media) await page.emulateMedia({ media });
    await page.goto(site.url + pathOf(name));
    await use(page);
  } finally {
    await page.close();
  }
}

describe('the article page, read on a desktop screen', { timeout: 60_000 }, () => {
  it('sets article text at a measure of 60 to 75 characters per line', () =>
    withPage('article', async (page) => {
      const lines = await measureLineLengths(page, '.article__body');
      assert.ok(lines.length >= 4, `too few lines to measure: ${lines.join(', ')}`);
      const median = [...lines].sort((a, b) => a - b)[Math.floor(lines.length / 2)]!;
      assert.ok(median >= 60 && median <= 75, `${median} characters per line (${lines})`);
    }));

  it('shows the sapo in bold and the byline at the right, under the text', () =>
    withPage('article', async (page) => {
      const sapo = page.locator('.article__sapo');
      assert.match(await sapo.innerText(), /^Thời gian qua, Thường trực Huyện ủy Pác Nặm/);
      assert.ok(Number(await sapo.evaluate((el) => getComputedStyle(el).fontWeight)) >= 700);
      const byline = page.locator('.article__byline');
      assert.equal(await byline.innerText(), 'Nguyễn Nghĩa');
      const body = (await page.locator('.article__body').boundingBox())!;
      const name = (await byline.locator('a').boundingBox())!;
      assert.ok(name.y > body.y + body.height - 1, 'the byline is not below the text');
      assert.ok(
        Math.abs(name.x + name.width - (body.x + body.width)) < 2,
        `the byline ends at ${name.x + name.width}, the text at ${body.x + body.width}`,
      );
    }));

  it('sets the photo caption apart from the text, once', () =>
    withPage('article', async (page) => {
      const caption = page.locator('.article__body .caption');
      assert.equal(await caption.count(), 1);
      assert.match(await caption.innerText(), /^Bộ phận Văn phòng Huyện ủy Pác Nặm/);
      const look = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((el) => {
            const s = getComputedStyle(el);
            return { style: s.fontStyle, size: parseFloat(s.fontSize), family: s.fontFamily };
          });
      const captionLook = await look('.article__body .caption');
      const textLook = await look('.article__body p:not(.caption)');
      assert.equal(captionLook.style, 'italic');
      assert.ok(captionLook.size < textLook.size, 'the caption is as large as the text');
      assert.notEqual(captionLook.family, textLook.family);
    }));

  it('prints without navigation, breadcrumbs or footer, with link addresses', () =>
    withPage(
      'article-markdown',
      async (page) => {
        for (const hidden of ['.sitenav', '.site-footer', '.breadcrumbs', '.skip-link']) {
          assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is printed`);
        }
        assert.ok(await page.locator('.article__body').isVisible(), 'the text is not printed');
        const printed = await page
          .locator('.article__body a[href^="http"]')
          .first()
          .evaluate((a) => getComputedStyle(a, '::after').content);
        assert.match(printed, /sonongnghiep\.backan\.gov\.vn/);
      },
      'print',
    ));
});
