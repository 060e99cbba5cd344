import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import { REPORT_FILE } from './editor-report.js';
import type { Importer } from './import-content.js';
import type { SyncReport } from './sync-report.js';

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

  const watcher: FSWatcher = watch(options.contentDir, {
    ignoreInitial: true,
    // Articles sit in content/ and its section folders; pictures may sit one folder lower.
    depth: 2,
    // Symlinks are resolved by the importer, which refuses those that leave content/.
    followSymlinks: false,
    // The report is the importer's own output: writing it must not start another sync.
    ignored: (file: string) => path.basename(file).startsWith(REPORT_FILE),
  });
  watcher.on('all', () => schedule(debounceMs));
  watcher.on('error', (error) => logger.error({ err: error }, 'content watcher error'));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  const interval = setInterval(() => schedule(0), rescanMs);
  interval.unref();
  if (options.syncAtStart) schedule(0);

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(interval);
      await watcher.close();
      await running;
    },
  };
}
