// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../harness/chromium.js';

export interface Viewport {
  name: string;
  width: number;
  height: number;
  /** Device pixels per CSS pixel: phones have dense screens, and screenshots should show it. */
  scale: number;
}

export const PHONE: Viewport = { name: 'phone', width: 360, height: 740, scale: 2 };
export const DESKTOP: Viewport = { name: 'desktop', width: 1440, height: 900, scale: 1 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * A context that records every console error, uncaught exception and Content-Security-Policy
 * violation of its pages. The violation listener is added through the DevTools protocol, which
 * the page's CSP does not govern, and reports through a binding rather than the console.
 * The site's service worker is kept out (the browser tests of other things would otherwise
 * measure it too) unless `serviceWorkers: 'allow'` asks for it.
 */
export async function openContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  // Every page here is local and small: ten seconds for any one step is already a failure.
  context.setDefaultTimeout(10_000);
  const problems: string[] = [];
  await context.exposeBinding('reportCspViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void })
        .reportCspViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'}`);
    });
  });
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    // An error page's own status ("…status of 404 (Not Found)") is what the page is for.
    const own = /^Failed to load resource: the server responded with a status of (404|410)\b/;
    if (own.test(message.text()) && message.location().url === message.page()?.url()) return;
    problems.push(`console error: ${message.text()}`);
  });
  context.on('weberror', (error) => problems.push(`page error: ${error.error().message}`));
  return { context, problems };
}

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** The WCAG 2.0, 2.1 and 2.2 level A and AA rules. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's WCAG A and AA violations on the page, one readable line per failing element.
 * Injected by evaluation: the CSP (rightly) refuses a <script> tag added to the page.
 */
export async function findAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(await fs.readFile(AXE_PATH, 'utf8'));
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(o: object): Promise<AxeResults> } }).axe.run({
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    WCAG_AA_TAGS,
  );
  return results.violations.flatMap((v: Result) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary}`),
  );
}

export interface FocusStop {
  /** A short description for messages: `a.card__title "Giá nông sản…"`. */
  label: string;
  tag: string;
  href: string | undefined;
  type: string | undefined;
  insideMain: boolean;
  /** Why the focus cannot be seen, or undefined when it can. */
  invisible: string | undefined;
}

/**
 * Presses Tab from the top of the page until the focus leaves the document, and describes
 * every element it stopped on. The focus counts as visible when the focused element has an
 * outline or box shadow that it does not have unfocused, and lies inside the viewport.
 */
export async function tabThroughPage(page: Page, maxStops = 150): Promise<FocusStop[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    // No local helper functions in here: tsx would wrap them in a `__name` the page lacks.
    const unfocused = new Map<Element, string>();
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea')) {
      const s = getComputedStyle(el);
      unfocused.set(el, `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`);
    }
    (window as unknown as { unfocusedLook: Map<Element, string> }).unfocusedLook = unfocused;
  });
  const stops: FocusStop[] = [];
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate((): FocusStop | undefined => {
      const el = document.activeElement;
      if (!el || el === document.body) return undefined;
      const s = getComputedStyle(el);
      const before = (window as unknown as { unfocusedLook: Map<Element, string> }).unfocusedLook;
      const now = `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
      const hasOutline =
        s.outlineStyle !== 'none' &&
        parseFloat(s.outlineWidth) >= 2 &&
        !/rgba\([^)]*, 0\)|transparent/.test(s.outlineColor);
      const hasShadow = s.boxShadow !== 'none';
      const rect = el.getBoundingClientRect();
      const onScreen =
        rect.width > 0 &&
        rect.height > 0 &&
        rect.bottom > 0 &&
        rect.right > 0 &&
        rect.top < window.innerHeight &&
        rect.left < window.innerWidth;
      let invisible: string | undefined;
      if (!hasOutline && !hasShadow) invisible = `no outline or shadow (${now})`;
      else if (before.get(el) === now) invisible = `looks the same unfocused (${now})`;
      else if (!onScreen) invisible = `outside the viewport (${JSON.stringify(rect)})`;
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return {
        label: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${text}"`,
        tag: el.tagName.toLowerCase(),
        href: el.getAttribute('href') ?? undefined,
        type: el.getAttribute('type') ?? undefined,
        insideMain: el.closest('main') !== null,
        invisible,
      };
    });
    if (!stop) break;
    stops.push(stop);
  }
  return stops;
}

/** Elements wider than the viewport, when the page scrolls sideways; empty when it does not. */
export async function findHorizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`);
    return [`scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`, ...culprits];
  });
}

export interface LayoutShift {
  value: number;
  /** What moved, e.g. `P.article__sapo {"y":380} → {"y":396}`. */
  moved: string[];
}

/** Every layout shift since the page started loading, with the elements that moved. */
export async function listLayoutShifts(page: Page): Promise<LayoutShift[]> {
  return page.evaluate(
    () =>
      new Promise<LayoutShift[]>((resolve) => {
        const shifts: LayoutShift[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            const shift = entry as unknown as {
              value: number;
              sources: { node?: Node; previousRect: DOMRect; currentRect: DOMRect }[];
            };
            shifts.push({
              value: shift.value,
              moved: shift.sources.map(
                (s) =>
                  `${s.node?.nodeName}.${(s.node as Element | undefined)?.className ?? ''} ` +
                  `${JSON.stringify(s.previousRect)} → ${JSON.stringify(s.currentRect)}`,
              ),
            });
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(shifts), 200);
      }),
  );
}

/**
 * Characters per line in the first long paragraph of `selector`, line by line, found from where
 * the browser actually broke the lines (the last line is left out: it is usually short).
 */
export async function measureLineLengths(page: Page, selector: string): Promise<number[]> {
  return page.evaluate((sel) => {
    const paragraph = [...document.querySelectorAll(`${sel} p`)].find(
      (p) => (p.textContent ?? '').length > 400,
    );
    const text = paragraph?.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) return [];
    const range = document.createRange();
    const perLine = new Map<number, number>();
    for (let i = 0; i < (text.textContent ?? '').length; i++) {
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const top = Math.round(range.getBoundingClientRect().top);
      perLine.set(top, (perLine.get(top) ?? 0) + 1);
    }
    return [...perLine.values()].slice(0, -1);
  }, selector);
}
