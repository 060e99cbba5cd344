import type { RenderedPage } from './rendered-page.js';

export interface PageCache {
  /** The page stored under `key`, now the most recently used; undefined when absent. */
  get(key: string): RenderedPage | undefined;
  /** Stores the page, dropping the least recently used ones until the budget holds. */
  set(key: string, page: RenderedPage): void;
  clear(): void;
  /** Bytes held: bodies in every encoding plus headers and keys. */
  readonly bytes: number;
  readonly size: number;
}

/**
 * Rendered pages in memory, bounded in bytes, least recently used out first. A Map keeps
 * insertion order, so re-inserting on every hit makes its first key the least recently used.
 * A budget of 0 stores nothing.
 */
export function createPageCache({ maxBytes }: { maxBytes: number }): PageCache {
  const pages = new Map<string, RenderedPage>();
  let bytes = 0;
  const cost = (key: string, page: RenderedPage) => key.length * 2 + page.bytes;

  const remove = (key: string) => {
    const page = pages.get(key);
    if (page === undefined) return;
    pages.delete(key);
    bytes -= cost(key, page);
  };

  return {
    get(key) {
      const page = pages.get(key);
      if (page !== undefined) {
        pages.delete(key);
        pages.set(key, page);
      }
      return page;
    },
    set(key, page) {
      remove(key);
      const size = cost(key, page);
      if (size > maxBytes) return;
      pages.set(key, page);
      bytes += size;
      for (const oldest of pages.keys()) {
        if (bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    clear() {
      pages.clear();
      bytes = 0;
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return pages.size;
    },
  };
}
