// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  PHONE,
  findAccessibilityViolations,
  findHorizontalOverflow,
  launchBrowser,
  listLayoutShifts,
  openContext,
} from '../helpers/browser.js';
import { siteCsp } from '../helpers/csp.js';
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';

const SITE_URL = 'https://tin.example.vn';
const TITLE = 'Chợ phiên Bằng Thành đông vui ngày cuối tuần';

let site: TestSite;
let path: string;
let browser: Browser;

before(async () => {
  site = await startSite({
    siteUrl: SITE_URL,
    files: {
      'Kinh tế/cho-phien.md': `---\ntitle: ${TITLE}\ndate: 2022-03-20T07:15:00\ntags: [Nông nghiệp]\n---\n\nTừ sáng sớm, bà con người Dao, người Tày đã gùi hàng xuống chợ phiên.\n\nHàng hóa phong phú: măng khô, mật ong, gà đồi.\n`,
    },
  });
  path = (await articlePathOf(site, TITLE))!;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

// Plain text rather than functions: tsx would wrap a function's inner helpers in a `__name` that
// the page does not have. The stub keeps what it was given, as the share sheet would receive it.
const WITHOUT_SHARE = 'delete Navigator.prototype.share; delete Navigator.prototype.canShare;';
const WITH_SHARE = `${WITHOUT_SHARE}
  window.received = [];
  Object.defineProperty(Navigator.prototype, 'share', {
    configurable: true,
    value(data) {
      window.received.push({ title: data.title, url: data.url });
      return Promise.resolve();
    },
  });`;

/** An article in a phone-sized tab whose browser does, or does not, have the Web Share API. */
async function openArticle(
  withShare: boolean,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const { context, problems } = await openContext(browser, {
    viewport: { width: PHONE.width, height: PHONE.height },
  });
  const page = await context.newPage();
  // Before any of the page's own code runs, as a phone's browser would have it (or not).
  await page.addInitScript({ content: withShare ? WITH_SHARE : WITHOUT_SHARE });
  const response = await page.goto(site.url + path, { waitUntil: 'load' });
  assert.equal(response?.status(), 200);
  assert.equal(
    response?.headers()['content-security-policy'],
    siteCsp(await response!.text()),
    'the policy is unchanged',
  );
  return { context, page, problems };
}

describe('the "Chia sẻ" button', { timeout: 60_000 }, () => {
  it('hands the canonical address and the title to the system share sheet', async () => {
    const { context, page, problems } = await openArticle(true);
    try {
      const shifts = await listLayoutShifts(page);
      const button = page.getByRole('button', { name: 'Chia sẻ' });
      assert.ok(await button.isVisible(), 'the button shows where the browser can share');
      await button.click();
      const received = await page.evaluate(
        () => (window as unknown as { received: ShareData[] }).received,
      );
      assert.deepEqual(received, [{ title: TITLE, url: SITE_URL + path }]);
      assert.deepEqual(shifts, [], 'showing the button moves nothing');
      assert.deepEqual(await findHorizontalOverflow(page), [], 'fits a 360 px screen');
      assert.deepEqual(await findAccessibilityViolations(page), []);
      assert.deepEqual(problems, [], 'no console error and no CSP violation');
    } finally {
      await context.close();
    }
  });

  it('stays hidden where the browser cannot share, leaving the links and the address', async () => {
    const { context, page, problems } = await openArticle(false);
    try {
      const button = page.locator('.share button');
      assert.equal(await button.count(), 1);
      assert.ok(await button.isHidden(), 'a button that could do nothing is not shown');
      for (const name of ['Facebook', 'X', 'Email']) {
        assert.ok(await page.locator('.share a', { hasText: name }).isVisible(), name);
      }
      const address = page.getByLabel('Đường dẫn bài viết');
      assert.equal(await address.inputValue(), SITE_URL + path);
      await address.click();
      const selected = await address.evaluate((el: HTMLInputElement) =>
        el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0),
      );
      assert.equal(selected, SITE_URL + path, 'a tap selects the whole address');
      assert.deepEqual(problems, [], 'no console error and no CSP violation');
    } finally {
      await context.close();
    }
  });
});
