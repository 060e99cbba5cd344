// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkPagesInChromium } from '../helpers/check-pages-in-chromium.js';
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
  });
  after(() => site?.close());

  checkPagesInChromium({
    names: Object.keys(PAGES),
    site: () => site,
    pathOf: (name) => PAGES[name as keyof typeof PAGES],
    // The banner's link too.
    links: 'main a[href], .alerts a[href]',
    more: ({ open }) => {
      for (const name of Object.keys(PAGES)) {
        it(`puts the banner first on the ${name} page at 320 px, across the whole width`, async () => {
          const page = await open(name, 320);
          try {
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
        const page = await open('history');
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
        const page = await open('version');
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
    },
  });
});
