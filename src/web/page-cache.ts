import { LRUCache } from 'lru-cache';
import type { RenderedPage } from './rendered-page.js';

export interface PageCache {
  /** The page stored under `key`, now the most recently used; undefined when absent. */
  get(key: string): RenderedPage | undefined;
  /**
   * Stores the page, dropping the least recently used ones until the budget holds. False when
   * it was not kept (larger than the whole budget, or a budget of 0).
   */
  set(key: string, page: RenderedPage): boolean;
  /**
   * Counts again a stored page that has grown (a variant made for a new encoding), dropping
   * others if it no longer fits. Nothing happens if `key` no longer holds that very page.
   */
  update(key: string, page: RenderedPage): void;
  clear(): void;
  /** Bytes held: bodies in every encoding made plus headers and keys. */
  readonly bytes: number;
  readonly size: number;
}

/** What a page costs the budget: its bytes in every encoding made, and its key. */
const costOf = (page: RenderedPage, key: string) => key.length * 2 + page.bytes;

/**
 * Rendered pages in memory, bounded in bytes, least recently used out first (lru-cache, whose
 * hit does no allocation). A budget of 0 stores nothing.
 */
export function createPageCache({ maxBytes }: { maxBytes: number }): PageCache {
  if (maxBytes <= 0) return NO_CACHE;
  const pages = new LRUCache<string, RenderedPage>({
    maxSize: maxBytes,
    sizeCalculation: costOf,
  });
  return {
    get: (key) => pages.get(key),
    set(key, page) {
      pages.set(key, page);
      return pages.has(key);
    },
    update(key, page) {
      // Stored again to be counted again (lru-cache keeps the size of a value set twice); it was
      // just used by the request that made it grow.
      if (pages.peek(key) !== page) return;
      pages.delete(key);
      pages.set(key, page);
    },
    clear: () => pages.clear(),
    get bytes() {
      return pages.calculatedSize;
    },
    get size() {
      return pages.size;
    },
  };
}

const NO_CACHE: PageCache = {
  get: () => undefined,
  set: () => false,
  update: () => undefined,
  clear: () => undefined,
  bytes: 0,
  size: 0,
};
