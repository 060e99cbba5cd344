import { formatCount, formatMs } from './format.js';
import type { SiteProcess } from './start-site.js';

export interface StartTimes {
  firstOkMs: number;
  allServedMs: number;
  /** /healthz's count right after the first 200 of `/`. */
  articlesAtFirstOk: number | undefined;
}

/** Start → first 200 of `/`, and start → /healthz counting every article, measured together. */
export async function timeStart(site: SiteProcess, articles: number): Promise<StartTimes> {
  const timeoutMs = 120_000 + articles * 30;
  const firstOk = site.waitForPath('/', timeoutMs).then(async (ms) => ({
    ms,
    articles: (await site.health().catch(() => undefined))?.articles,
  }));
  const [ok, allServedMs] = await Promise.all([firstOk, site.waitForArticles(articles, timeoutMs)]);
  return { firstOkMs: ok.ms, allServedMs, articlesAtFirstOk: ok.articles };
}

export const startRow = (name: string, t: StartTimes) => [
  name,
  formatMs(t.firstOkMs),
  t.articlesAtFirstOk === undefined ? '–' : formatCount(t.articlesAtFirstOk),
  formatMs(t.allServedMs),
];
export const START_HEADERS = ['start', 'first 200 of / →', 'articles then →', 'all served →'];
