import fs from 'node:fs/promises';
import path from 'node:path';

export interface MediaCacheOptions {
  dir: string;
  /** The folder's size limit; the newest variant alone may exceed it and is kept. */
  maxBytes: number;
}

export interface MediaCache {
  /**
   * Counts a variant just written to the folder; once the folder is over its size, removes the
   * oldest variants until it fits again. Never throws: a file that cannot be removed now is
   * tried again at the next pass.
   */
  added(file: string): Promise<void>;
}

interface Entry {
  file: string;
  size: number;
  mtimeMs: number;
}

/**
 * Keeps the folder of resized images under a size. Each variant is made once and never changes,
 * so its modification time is its age; the oldest go first. A removed variant is simply made
 * again by the next request for it.
 */
export function createMediaCache({ dir, maxBytes }: MediaCacheOptions): MediaCache {
  // Bytes in the folder, counted on first use (it survives restarts), then kept up to date.
  let total: number | undefined;
  let queue: Promise<void> = Promise.resolve();

  const list = async (): Promise<Entry[]> => {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const entries = await Promise.all(
      // A ".tmp" file is a variant still being written under its temporary name.
      names
        .filter((name) => !name.endsWith('.tmp'))
        .map(async (name) => {
          const file = path.join(dir, name);
          const stat = await fs.stat(file).catch(() => undefined);
          return stat?.isFile() ? { file, size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
        }),
    );
    return entries.filter((e) => e !== undefined);
  };

  const prune = async (keep: string): Promise<void> => {
    const entries = (await list()).sort((a, b) => a.mtimeMs - b.mtimeMs);
    total = entries.reduce((sum, e) => sum + e.size, 0);
    for (const entry of entries) {
      if (total <= maxBytes) break;
      if (entry.file === keep) continue;
      const removed = await fs.rm(entry.file, { force: true }).then(
        () => true,
        () => false,
      );
      if (removed) total -= entry.size;
    }
  };

  const check = async (file: string): Promise<void> => {
    if (total === undefined) {
      total = (await list()).reduce((sum, e) => sum + e.size, 0);
    } else {
      total += (await fs.stat(file).catch(() => undefined))?.size ?? 0;
    }
    if (total > maxBytes) await prune(file);
  };

  return {
    added(file) {
      // One pass at a time, so two requests never count or remove the same file twice.
      queue = queue.then(() => check(file)).catch(() => undefined);
      return queue;
    },
  };
}
