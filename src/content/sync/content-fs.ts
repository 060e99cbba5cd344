import fs from 'node:fs';
import path from 'node:path';

/** How many times a sync asked the file system about content/: what an edit costs. */
export interface FsCounts {
  /** stat and lstat calls. */
  stat: number;
  /** Folders listed. */
  readdir: number;
  /** Files read. */
  read: number;
}

/**
 * Every look a sync takes at content/, by paths relative to it, counted: a test can then show
 * that one saved file costs the same in a folder of ten files as in one of a hundred thousand.
 *
 * Synchronous calls: the sync runs on its own thread, where waiting on the disk holds up no
 * reader, and a stat this way costs a few microseconds instead of a trip through libuv's pool.
 */
export interface ContentFs {
  /** content/ with its symbolic links resolved: what "inside content/" is measured against. */
  readonly root: string;
  readonly counts: FsCounts;
  absolute(rel: string): string;
  /**
   * Throws (ENOENT) when content/ itself is gone, as an unmounted share is: a sync must then fail,
   * not find every article gone.
   */
  requireRoot(): void;
  /** The entry itself (a symbolic link as a link); undefined when nothing is there. */
  lstat(rel: string): fs.Stats | undefined;
  /** What the entry leads to; undefined when nothing is there or a link leads nowhere. */
  stat(rel: string): fs.Stats | undefined;
  /** Where a link really leads; undefined when it leads nowhere. */
  realpath(rel: string): string | undefined;
  /** The folder's entries; undefined when it is gone or cannot be read (with why). */
  readdir(rel: string): { entries: fs.Dirent[] } | { error: Error };
  readFile(rel: string): Buffer;
}

export function openContentFs(contentDir: string): ContentFs {
  const root = fs.realpathSync(contentDir);
  const counts: FsCounts = { stat: 0, readdir: 0, read: 0 };
  const absolute = (rel: string) => (rel === '' ? root : path.join(root, rel));
  const quietly = <T>(look: () => T): T | undefined => {
    try {
      return look();
    } catch {
      return undefined;
    }
  };
  return {
    root,
    counts,
    absolute,
    requireRoot() {
      counts.stat++;
      if (!fs.statSync(root).isDirectory()) {
        throw Object.assign(new Error(`${root} is not a folder`), { code: 'ENOENT' });
      }
    },
    lstat(rel) {
      counts.stat++;
      return quietly(() => fs.lstatSync(absolute(rel)));
    },
    stat(rel) {
      counts.stat++;
      return quietly(() => fs.statSync(absolute(rel)));
    },
    realpath: (rel) => quietly(() => fs.realpathSync(absolute(rel))),
    readdir(rel) {
      counts.readdir++;
      try {
        return { entries: fs.readdirSync(absolute(rel), { withFileTypes: true }) };
      } catch (error) {
        return { error: error as Error };
      }
    },
    readFile(rel) {
      counts.read++;
      return fs.readFileSync(absolute(rel));
    },
  };
}
