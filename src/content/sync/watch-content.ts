import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { REPORT_FILE } from '../editor-files/editor-report.js';
import type { Importer } from './import-content.js';
import type { SyncReport } from './sync-report.js';

/** How long a started site serves what it has before it looks at the folder. */
const START_SYNC_DELAY_MS = 250;

/** Articles sit in content/ and its section folders; pictures may sit one folder lower. */
const MAX_DEPTH = 2;

export interface ContentWatcher {
  close(): Promise<void>;
}

export interface WatchOptions {
  contentDir: string;
  importer: Importer;
  logger: Logger;
  /** Events within this window share one sync: a save is several events, a bulk copy thousands. */
  debounceMs?: number;
  /** A full look at the folder this often even without events, in case the OS dropped some. */
  rescanMs?: number;
  /** Start with a sync, for a site that was served from its database before looking. */
  syncAtStart?: boolean;
  onSync?: (report: SyncReport) => void;
}

/**
 * Watches the content folder and keeps the database in line with it. Any event only schedules a
 * sync of the whole folder; syncs never overlap, and events that arrive during one lead to
 * exactly one more. Resolves once the watcher is listening.
 */
export async function watchContent(options: WatchOptions): Promise<ContentWatcher> {
  const { importer, logger } = options;
  const debounceMs = options.debounceMs ?? 50;
  const rescanMs = options.rescanMs ?? 10_000;

  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const schedule = (delayMs: number): void => {
    if (closed) return;
    const at = Date.now() + delayMs;
    if (timer !== undefined && at >= dueAt) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(run, delayMs);
  };

  const run = (): void => {
    timer = undefined;
    dueAt = Infinity;
    if (running) {
      again = true;
      return;
    }
    watchFolders();
    running = importer
      .sync()
      .then(
        (report) => {
          options.onSync?.(report);
          if (report.retryInMs !== undefined) schedule(report.retryInMs);
        },
        (error: unknown) => {
          // The database or the folder itself failed; the site keeps serving what it has.
          logger.error({ err: error }, 'content sync failed; retrying');
          schedule(1000);
        },
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule(0);
        }
      });
  };

  // One watcher per folder: content/, its section folders and their picture folders. An event
  // only says "something changed here"; the sync that follows looks at the whole folder itself.
  // Node's own fs.watch rather than a library that re-reads a folder (a stat per file) on every
  // event, which at 10,000 articles costs more than the sync.
  const watchers = new Map<string, fs.FSWatcher>();
  // Folders come and go (a new section, a renamed one): the set is brought up to date before a
  // sync that follows an event, with one readdir per folder.
  let folderChanged = true;
  const onEvent = (_event: string, name: string | Buffer | null) => {
    // The report is the importer's own output: writing it must not start another sync.
    if (name !== null && String(name).startsWith(REPORT_FILE)) return;
    folderChanged = true;
    schedule(debounceMs);
  };
  const stopWatching = (dir: string) => {
    watchers.get(dir)?.close();
    watchers.delete(dir);
  };
  const watchFolders = () => {
    if (!folderChanged) return;
    folderChanged = false;
    const wanted = new Set<string>();
    const visit = (dir: string, depth: number) => {
      wanted.add(dir);
      if (depth === MAX_DEPTH) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return; // gone, or unreadable: the sync reports it
      }
      // Symbolic links are left to the importer, which refuses those that leave content/.
      for (const entry of entries) {
        if (entry.isDirectory()) visit(path.join(dir, entry.name), depth + 1);
      }
    };
    visit(options.contentDir, 0);
    for (const dir of watchers.keys()) if (!wanted.has(dir)) stopWatching(dir);
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = fs.watch(dir, onEvent);
        watcher.on('error', () => {
          // The folder was removed or moved: look again at the next sync.
          stopWatching(dir);
          folderChanged = true;
          schedule(debounceMs);
        });
        watchers.set(dir, watcher);
      } catch (error) {
        // Out of inotify watches, or the folder vanished: the periodic rescan still finds changes.
        logger.warn({ err: error }, `cannot watch ${dir}; changes there wait for the next rescan`);
      }
    }
  };
  watchFolders();
  const interval = setInterval(() => {
    folderChanged = true;
    schedule(0);
  }, rescanMs);
  interval.unref();
  // After a restart the readers who waited through it are answered first: the catch-up sync
  // (a few hundred milliseconds of work at 10,000 articles) starts a moment later.
  if (options.syncAtStart) schedule(START_SYNC_DELAY_MS);

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(interval);
      for (const dir of [...watchers.keys()]) stopWatching(dir);
      await running;
    },
  };
}
