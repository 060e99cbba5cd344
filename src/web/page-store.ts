import type { LiveFacts } from './live-facts.js';
import { createPageCache, type PageCache } from './page-cache.js';
import type { RenderedPage } from './rendered-page.js';

/** Search results may use this share of the page cache's budget, in a cache of their own. */
const SEARCH_SHARE = 1 / 8;

/** The page cache's two rooms: pages, and search results with a share of the budget. */
export type CacheName = 'pages' | 'search';

/** Which cache keeps the page a URL asks for, and under which key (the route table says). */
export interface PageTarget {
  cache: CacheName;
  /** The path with only the parameters the page reads, as it reads them: also the cache key. */
  url: string;
}

/** Where a request's page is kept: which cache, under which key. */
export interface PageSlot {
  cache: PageCache;
  /** The request's URL with only the query parameters its page reads. */
  key: string;
}

export interface PageStore {
  /** Where the page at this URL is kept; undefined for URLs no kept page answers. */
  slotFor(url: string): PageSlot | undefined;
  /** The page kept there, if it still holds: rendered since the last publication. */
  lookup(slot: PageSlot): RenderedPage | undefined;
  /** Keeps a page rendered from `generation`, if nothing was published since; true if kept. */
  keep(slot: PageSlot, page: RenderedPage): boolean;
}

/**
 * The rendered pages the site keeps, in two caches (pages, and search results with a share of
 * the budget of their own), and the one rule of whether a kept page still holds: it was rendered
 * from the facts' current generation and no scheduled article has come due since. When the
 * generation moves, everything kept before is dropped at once.
 */
export function createPageStore({
  facts,
  budgetBytes,
  findTarget,
}: {
  facts: LiveFacts;
  budgetBytes: number;
  /** The route table's answer for a URL (findPageTarget in routes.ts). */
  findTarget: (url: string) => PageTarget | undefined;
}): PageStore {
  const caches: Record<CacheName, PageCache> = {
    pages: createPageCache({ maxBytes: Math.round(budgetBytes * (1 - SEARCH_SHARE)) }),
    search: createPageCache({ maxBytes: Math.round(budgetBytes * SEARCH_SHARE) }),
  };
  let generation = facts.current().generation;
  /** Whether a page rendered from `rendered` may be served or kept now. */
  const holds = (rendered: number) => {
    const current = facts.current().generation;
    if (current !== generation) {
      // Everything rendered before is stale: drop it at once instead of waiting for eviction.
      caches.pages.clear();
      caches.search.clear();
      generation = current;
    }
    return rendered === current && !facts.due();
  };
  return {
    slotFor(url) {
      const target = findTarget(url);
      return target && { cache: caches[target.cache], key: target.url };
    },
    lookup(slot) {
      const page = slot.cache.get(slot.key);
      return page !== undefined && holds(page.generation) ? page : undefined;
    },
    keep: (slot, page) => holds(page.generation) && slot.cache.set(slot.key, page),
  };
}
