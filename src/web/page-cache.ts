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

interface Entry {
  page: RenderedPage;
  /** What the entry was counted as, kept because a page grows after it is stored. */
  cost: number;
}

/**
 * Rendered pages in memory, bounded in bytes, least recently used out first. A Map keeps
 * insertion order, so re-inserting on every hit makes its first key the least recently used.
 * A budget of 0 stores nothing.
 */
export function createPageCache({ maxBytes }: { maxBytes: number }): PageCache {
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    bytes -= entry.cost;
  };

  const set = (key: string, page: RenderedPage): boolean => {
    remove(key);
    const cost = key.length * 2 + page.bytes;
    if (cost > maxBytes) return false;
    entries.set(key, { page, cost });
    bytes += cost;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
    return entries.has(key);
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry !== undefined) {
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry?.page;
    },
    set,
    update(key, page) {
      if (entries.get(key)?.page === page) set(key, page);
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
  };
}
