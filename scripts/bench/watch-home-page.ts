import { createHttpClient } from '../../harness/create-http-client.js';
import { sleep } from './sleep.js';

export interface HomePageWatch {
  /**
   * performance.now() when an answer of `/` first held `text` (a new article's title, as the
   * page prints it), or undefined if none did within `timeoutMs`.
   */
  whenListed(text: string, timeoutMs: number): Promise<number | undefined>;
  stop(): Promise<void>;
}

interface Waiter {
  text: string;
  deadline: number;
  resolve(at: number | undefined): void;
}

/**
 * A reader who keeps reloading the home page: GET `/` over one keep-alive connection of its
 * own, the next one `intervalMs` after the last was sent (at once if it took longer). Each
 * answer is searched for the titles being waited for.
 */
export function watchHomePage(baseUrl: string, { intervalMs = 20 } = {}): HomePageWatch {
  const client = createHttpClient(baseUrl, { timeoutMs: 30_000 });
  const waiters = new Set<Waiter>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const sentAt = performance.now();
      let body = '';
      try {
        const response = await client.get('/');
        if (response.status === 200) body = response.body.toString('utf8');
      } catch {
        // a failed poll lists nothing; the next one tries again
      }
      const answeredAt = performance.now();
      for (const waiter of waiters) {
        const listed = body.includes(waiter.text);
        if (listed || answeredAt > waiter.deadline) {
          waiters.delete(waiter);
          waiter.resolve(listed ? answeredAt : undefined);
        }
      }
      const wait = sentAt + intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    client.close();
  })();
  return {
    whenListed(text, timeoutMs) {
      return new Promise((resolve) => {
        waiters.add({ text, deadline: performance.now() + timeoutMs, resolve });
      });
    },
    async stop() {
      stopped = true;
      await loop;
      for (const waiter of waiters) waiter.resolve(undefined);
      waiters.clear();
    },
  };
}
