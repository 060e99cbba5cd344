import { pollUntil } from '../../harness/wait-for.js';
import type { SiteProcess } from './start-site.js';

/**
 * When each new article became visible, from /healthz's `articles` count: polled back to back
 * (one request at a time, 10 ms apart), each rise of k is k articles published by the time that
 * answer arrived. /healthz is never cached, so this is the moment the articles were in the
 * database for readers, whatever caching the pages do; which article rose is not needed for a
 * distribution of times over a burst.
 */
export async function watchPublished(
  site: SiteProcess,
  { from, count, timeoutMs }: { from: number; count: number; timeoutMs: number },
): Promise<number[]> {
  const times: number[] = [];
  let seen = from;
  await pollUntil(
    async () => {
      const health = await site.health().catch(() => undefined);
      const at = performance.now();
      const articles = health?.articles ?? seen;
      for (; seen < Math.min(articles, from + count); seen++) times.push(at);
      return seen >= from + count;
    },
    timeoutMs,
    { intervalMs: 10 },
  );
  return times;
}
