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
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';

// A correction at the top, another with a link after the text, and an update.
const CORRECTED = `---
title: Cầu treo Nà Phặc thông xe
date: 2022-03-22T10:00
corrections:
  - date: 2022-03-23T08:00
    text: Bài đăng trước ghi nhầm cầu thuộc xã Bằng Thành; cầu thuộc xã Bộc Bố.
    top: true
  - date: 2022-03-22T16:30
    text: Bài ghi nhầm cầu dài *120 mét*; cầu dài 150 mét, theo [biên bản nghiệm thu](/chuyen-muc/kinh-te).
updates:
  - date: 2022-03-22T14:00
    text: Xe máy đã qua cầu từ 13 giờ.
---
Cầu treo mới nối hai bản của xã Bộc Bố với trung tâm xã đã thông xe sáng nay.

Cầu dài 150 mét, rộng 2 mét, cho xe máy và người đi bộ qua lại cả mùa mưa.
`;

// An article in Tày, its correction in Vietnamese.
const IN_TAY = `---
title: Pác Nặm, Bằng Thành, Bộc Bố
date: 2022-03-21T07:00
lang: tyz
corrections:
  - date: 2022-03-21T09:00
    text: Bài ghi nhầm tên bản Nà Phặc.
---
Pác Nặm, Bằng Thành, Bộc Bố, Nhạn Môn, Cổ Linh.

Khang Ninh, Nghiên Loan, Xuân La.
`;

// The pages these add to the site; the other page types are checked in pages.test.ts, whose
// time limit leaves no room for more.
const PAGES = ['article with notes', 'article in Tày', 'corrections'] as const;

describe('corrections, updates and an article in Tày in Chromium', { timeout: 180_000 }, () => {
  let site: TestSite;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];
  const paths = new Map<string, string>();

  before(async () => {
    site = await startSite({ files: { 'cau-treo.md': CORRECTED, 'tieng-tay.md': IN_TAY } });
    paths.set('article with notes', (await articlePathOf(site, 'Cầu treo Nà Phặc thông xe'))!);
    paths.set('article in Tày', (await articlePathOf(site, 'Pác Nặm, Bằng Thành, Bộc Bố'))!);
    paths.set('corrections', '/dinh-chinh');
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

  const open = async (name: string, width = PHONE.width): Promise<Page> => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: PHONE.height });
    const response = await page.goto(site.url + paths.get(name)!, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    return page;
  };

  for (const name of PAGES) {
    it(`shows the ${name} page with no WCAG A or AA violation, light or dark`, async () => {
      const page = await open(name);
      try {
        assert.deepEqual(await findAccessibilityViolations(page), []);
        await page.emulateMedia({ colorScheme: 'dark' });
        assert.deepEqual(await findAccessibilityViolations(page), []);
      } finally {
        await page.close();
      }
    });

    it(`reaches every link of the ${name} page from the keyboard, with a visible focus`, async () => {
      const page = await open(name);
      try {
        const stops = await tabThroughPage(page);
        const hidden = stops.filter((s) => s.invisible).map((s) => `${s.label}: ${s.invisible}`);
        assert.deepEqual(hidden, []);
        const reached = new Set(stops.map((s) => s.href));
        const links = await page.$$eval('main a[href]', (as) =>
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

    it(`does not scroll the ${name} page sideways at 320 px`, async () => {
      const page = await open(name, 320);
      try {
        assert.deepEqual(await findHorizontalOverflow(page), []);
      } finally {
        await page.close();
      }
    });
  }

  it('logs no console error, script error or Content-Security-Policy violation', () => {
    assert.deepEqual(problems, []);
  });

  it('serves valid HTML on each page, as the W3C Nu HTML Checker reads it', async () => {
    const pages = await Promise.all(
      PAGES.map(async (name) => ({
        name: name.replace(/\W+/g, '-'),
        html: await (await site.get(paths.get(name)!)).text(),
      })),
    );
    const errors = (await checkHtml(pages))
      .filter((m) => m.type !== 'info')
      .map((m) => `${m.page}:${m.lastLine}: ${m.message} (${m.extract ?? ''})`);
    assert.deepEqual(errors, []);
  });
});
