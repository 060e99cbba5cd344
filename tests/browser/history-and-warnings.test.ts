// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  findAccessibilityViolations,
  findHorizontalOverflow,
  launchBrowser,
  openContext,
  PHONE,
  tabThroughPage,
} from '../helpers/browser.js';
import { checkHtml } from '../helpers/html-checker.js';
import { startSite, type TestSite } from '../helpers/site.js';

const story = (body: string) =>
  `---\ntitle: Cầu treo Bằng Thành thông xe sau ba tháng thi công\ndate: 2024-05-01 08:00\n---\n${body}\n`;

// A warning as long as an editor in a hurry writes one, with a link to the full story.
const WARNING = `---
title: Lũ quét trên sông Năng, không qua ngầm tràn Bằng Thành
expires: 2099-07-20 18:00
link: /cau-treo-bang-thanh-thong-xe-sau-ba-thang-thi-cong-1.html
---
Nước sông Năng dâng nhanh sau mưa lớn kéo dài; người dân các xã Bằng Thành, Bộc Bố, Nhạn Môn không qua ngầm tràn, không vớt củi trên sông cho đến khi có thông báo mới.
`;

// The pages these add; the others are checked in pages.test.ts, whose time limit leaves no room.
const PAGES = {
  article: '/cau-treo-bang-thanh-thong-xe-sau-ba-thang-thi-cong-1.html',
  history: '/phien-ban/1',
  version: '/phien-ban/1/2',
} as const;

describe('the history pages and the warning banner in Chromium', { timeout: 180_000 }, () => {
  let site: TestSite;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];

  before(async () => {
    site = await startSite({
      files: {
        'cau-treo.md': story(
          'Cầu treo dài 120 mét nối hai bờ sông Năng ở xã Bằng Thành.\n\nNgười dân đi lại thuận tiện hơn.',
        ),
        '_canh-bao.md': WARNING,
      },
    });
    await site.write(
      'cau-treo.md',
      story(
        'Cầu treo dài 150 mét nối hai bờ sông Năng ở xã Bộc Bố.\n\nNgười dân hai xã đi lại thuận tiện hơn cả mùa mưa.',
      ),
    );
    await site.importer.sync({ settleMs: 0 });
    browser = await launchBrowser();
    ({ context, problems } = await openContext(browser, {
      viewport: { width: PHONE.width, height: PHONE.height },
      deviceScaleFactor: PHONE.scale,
    }));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
  });

  const open = async (pathname: string, width = PHONE.width): Promise<Page> => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: PHONE.height });
    const response = await page.goto(site.url + pathname, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    return page;
  };

  for (const [name, pathname] of Object.entries(PAGES)) {
    it(`shows the ${name} page with its banner with no WCAG A or AA violation, light or dark`, async () => {
      const page = await open(pathname);
      try {
        assert.deepEqual(await findAccessibilityViolations(page), []);
        await page.emulateMedia({ colorScheme: 'dark' });
        assert.deepEqual(await findAccessibilityViolations(page), []);
      } finally {
        await page.close();
      }
    });

    it(`reaches every link of the ${name} page from the keyboard, the banner's too`, async () => {
      const page = await open(pathname);
      try {
        const stops = await tabThroughPage(page);
        assert.equal(stops[0]?.href, '#noi-dung', 'the skip link first');
        const hidden = stops.filter((s) => s.invisible).map((s) => `${s.label}: ${s.invisible}`);
        assert.deepEqual(hidden, []);
        const reached = new Set(stops.map((s) => s.href));
        const links = await page.$$eval('main a[href], .alerts a[href]', (as) =>
          as.map((a) => a.getAttribute('href')),
        );
        assert.deepEqual(
          links.filter((href) => !reached.has(href ?? undefined)),
          [],
        );
      } finally {
        await page.close();
      }
    });

    it(`does not scroll the ${name} page sideways at 320 px, the banner first on screen`, async () => {
      const page = await open(pathname, 320);
      try {
        assert.deepEqual(await findHorizontalOverflow(page), []);
        const banner = await page.locator('.alerts').boundingBox();
        assert.ok(
          banner !== null && banner.y === 0 && banner.width === 320,
          JSON.stringify(banner),
        );
      } finally {
        await page.close();
      }
    });
  }

  it('announces the banner to screen readers as an alert, and leaves the focus where it was', async () => {
    const page = await open(PAGES.history);
    try {
      // What a screen reader is given: an alert with the warning's words and its link.
      const tree = await page.locator('body').ariaSnapshot();
      assert.match(
        tree,
        /- alert:\n\s+- paragraph:\n\s+- text: "Cảnh báo khẩn:"\n\s+- strong: Lũ quét trên sông Năng, không qua ngầm tràn Bằng Thành\n/,
      );
      assert.match(
        tree,
        /- link "Xem chi tiết về Lũ quét trên sông Năng, không qua ngầm tràn Bằng Thành"/,
      );
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY');
    } finally {
      await page.close();
    }
  });

  it('shows what changed without colour: struck through or underlined, and said in words', async () => {
    const page = await open(PAGES.version);
    try {
      await page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
      const marks = await page.$$eval('.diff__body del, .diff__body ins', (els) =>
        els.map((el) => ({
          text: el.textContent,
          line: getComputedStyle(el).textDecorationLine,
        })),
      );
      assert.ok(marks.length > 0);
      for (const mark of marks) {
        const removed = mark.text!.startsWith('[bỏ: ');
        assert.ok(removed || mark.text!.startsWith('[thêm: '), mark.text!);
        assert.equal(mark.line, removed ? 'line-through' : 'underline', mark.text!);
      }
    } finally {
      await page.close();
    }
  });

  it('logs no console error, script error or Content-Security-Policy violation', () => {
    assert.deepEqual(problems, []);
  });

  it('serves valid HTML on each page, as the W3C Nu HTML Checker reads it', async () => {
    const pages = await Promise.all(
      Object.entries(PAGES).map(async ([name, pathname]) => ({
        name,
        html: await (await site.get(pathname)).text(),
      })),
    );
    const errors = (await checkHtml(pages))
      .filter((m) => m.type !== 'info')
      .map((m) => `${m.page}:${m.lastLine}: ${m.message} (${m.extract ?? ''})`);
    assert.deepEqual(errors, []);
  });
});
