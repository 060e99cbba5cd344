// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DESKTOP,
  launchBrowser,
  listLayoutShifts,
  measureLineLengths,
  openContext,
  PHONE,
} from '../helpers/browser.js';
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

/**
 * The site behind a relay that sends `pathname` in two parts: up to `cut` in its HTML, then the
 * rest once `release` is called, as a slow network delivers a page. Everything else passes as
 * the site answers it.
 */
async function startSplitRelay(pathname: string, cut: (html: string) => number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = http.createServer((request, response) => {
    void (async () => {
      const answer = await fetch(site.url + request.url);
      const body = Buffer.from(await answer.arrayBuffer());
      if (request.url !== pathname) {
        const type = answer.headers.get('content-type');
        response.writeHead(answer.status, type ? { 'content-type': type } : {});
        response.end(body);
        return;
      }
      const html = body.toString('utf8');
      const at = cut(html);
      assert.ok(at > 0, `the cut is in ${pathname}`);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.write(html.slice(0, at));
      await released;
      response.end(html.slice(at));
    })().catch((error: unknown) => response.destroy(error as Error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    release,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a table read on a slow network, on a phone', { timeout: 60_000 }, () => {
  it('keeps its columns when its last rows arrive after the first are drawn', async () => {
    const path = pathOf('article-markdown');
    // The rows come apart before the longest cell of the first column.
    const relay = await startSplitRelay(path, (html) => html.indexOf('<tr>\n<td>Mật ong'));
    const phone = await browser.newContext({
      viewport: { width: PHONE.width, height: PHONE.height },
      deviceScaleFactor: PHONE.scale,
    });
    try {
      const page = await phone.newPage();
      const columns = () =>
        page.$$eval('.article__body th', (cells) =>
          cells.map((cell) => {
            const box = cell.getBoundingClientRect();
            return `${cell.textContent}: ${box.left}–${box.right}`;
          }),
        );
      const loaded = page.goto(relay.url + path, { waitUntil: 'load' });
      await page.locator('.article__body td', { hasText: 'Măng khô' }).waitFor();
      // Two frames: the first part has been drawn.
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      const drawn = await columns();
      relay.release();
      await loaded;
      assert.equal(
        await page.locator('.article__body td', { hasText: 'Mật ong bạc hà' }).count(),
        1,
      );
      assert.deepEqual(await columns(), drawn);
      assert.deepEqual(await listLayoutShifts(page), []);
    } finally {
      relay.release();
      await phone.close();
      await relay.close();
    }
  });
});
