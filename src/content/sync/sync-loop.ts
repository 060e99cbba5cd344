import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { isIgnoredName } from '../../shared/content-files.js';
import { REPORT_FILE } from '../editor-files/editor-report.js';
import { VERSIONS_DIR } from '../editor-files/kept-versions.js';
import { LEDGER_DIR, SINGLE_LEDGER_FILE } from '../editor-files/ledger.js';
import { REDIRECTS_FILE } from '../editor-files/redirects.js';
import { isWarningFile } from '../editor-files/warnings.js';
import { MAX_FOLDER_DEPTH } from './examine-path.js';
import { OWN_FOLDERS } from './collect-paths.js';
import type { Importer } from './import-content.js';
import type { SyncReport } from './sync-report.js';
import type { Walk } from './walk-once.js';

export interface SyncLoop {
  /** Runs `task` on its own, between two pieces of the loop's work, before anything else waiting. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Asks for a walk through the whole folder (the rare full look), after the edits waiting. */
  requestWalk(): void;
  close(): Promise<void>;
}

export interface SyncLoopOptions {
  contentDir: string;
  importer: Importer;
  logger: Logger;
  /** Watch content/ for changes (WATCH=1); without, only what is asked for is done. */
  watch: boolean;
  /** Events within this window share one sync: a save is several events, a bulk copy thousands. */
  debounceMs?: number;
  /** A walk through the whole folder this often, for what events did not say. */
  walkEveryMs?: number;
  /** Start with a walk, for a site that was served from its database before looking. */
  walkAtStart?: boolean;
  /** Each sync of edits, and each walk once it is over. */
  onSync?: (report: SyncReport, kind: 'edit' | 'walk') => void;
  /** A piece of work failed (it is tried again). */
  onFailure?: (error: unknown) => void;
}

/**
 * content/ and the folders in it that may hold articles or pictures (two levels), relative to
 * content/: one listing per folder, once, when watching starts; later folders are found by the
 * events that announce them and by walks.
 */
function listFolders(contentDir: string): string[] {
  const folders = [''];
  for (let i = 0; i < folders.length; i++) {
    const folder = folders[i]!;
    if (folder.split('/').length >= MAX_FOLDER_DEPTH) continue;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(contentDir, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const inside = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory() && isEditorsFolder(inside)) folders.push(inside);
    }
  }
  return folders;
}

/** A folder of content/ (relative to it) deep enough to hold articles or pictures, not hidden. */
function isEditorsFolder(folder: string): boolean {
  const segments = folder.split('/');
  return segments.length <= MAX_FOLDER_DEPTH && !segments.some(isIgnoredName);
}

/** How long a started site serves what it has before it walks the folder. */
const START_WALK_DELAY_MS = 250;
/** Past this many paths in one window, the system's event queue may have overflowed: walk. */
const SUSPECT_BURST = 5000;
/** The importer's own files: their events are its own writes. */
const OWN_FILES = new Set([REPORT_FILE]);
/** Editors' files whose names start with "_" and which the importer reads. */
const READ_FILES = new Set([REDIRECTS_FILE, SINGLE_LEDGER_FILE, LEDGER_DIR, VERSIONS_DIR]);

/**
 * Keeps the database in line with content/, by what changed: each event of the folder watchers
 * names a path in a folder, and the paths of one window are synced together. Work is done one
 * piece at a time, never two at once, in this order: tasks asked for, edits, the related lists
 * near them, then the slices of a walk through the whole folder (at start, every `walkEveryMs`,
 * and after a burst of events the system may have dropped some of), so a walk through a large
 * archive never holds an edit back. Resolves once the watchers are listening.
 */
export async function startSyncLoop(options: SyncLoopOptions): Promise<SyncLoop> {
  const { importer, logger } = options;
  const debounceMs = options.debounceMs ?? 50;
  const walkEveryMs = options.walkEveryMs ?? 10 * 60_000;

  const pending = new Set<string>();
  const tasks: (() => Promise<void>)[] = [];
  let dueAt = Infinity;
  let walk: Walk | undefined;
  let walkWanted = false;
  let closed = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const nudge = () => wake?.();
  const later = (paths: Iterable<string>, delayMs: number) => {
    for (const p of paths) pending.add(p);
    dueAt = Math.min(dueAt, Date.now() + delayMs);
    nudge();
  };

  // One watcher per folder: content/, its section folders, their picture folders and the
  // ledger's. An event names an entry of its folder; that path is what the next sync looks at.
  const watchers = new Map<string, fs.FSWatcher>();
  const watchFolder = (folder: string) => {
    if (closed || watchers.has(folder)) return;
    try {
      const watcher = fs.watch(path.join(options.contentDir, folder), (_event, name) => {
        if (name === null) return later([folder], debounceMs);
        const entry = String(name);
        if (OWN_FILES.has(entry) || entry.startsWith(`${REPORT_FILE}.`)) return;
        // A temporary name an editor's program saves through, or a name that parks a file:
        // never published, so only the name it is renamed to (or from) matters.
        if (
          isIgnoredName(entry) &&
          !(folder === '' ? READ_FILES.has(entry) || isWarningFile(entry) : OWN_FOLDERS.has(folder))
        ) {
          return;
        }
        later([folder === '' ? entry : `${folder}/${entry}`], debounceMs);
      });
      watcher.on('error', () => {
        // The folder was removed or moved away: its own event said so to its parent.
        watcher.close();
        watchers.delete(folder);
      });
      watchers.set(folder, watcher);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      // Out of inotify watches: the walk still finds the changes, only later.
      logger.warn(
        { err: error },
        `cannot watch ${folder || '.'}; changes there wait for the next walk`,
      );
    }
  };

  const loop = async () => {
    for (;;) {
      if (tasks.length > 0) {
        await tasks.shift()!();
        continue;
      }
      if (closed) return;
      if (pending.size > 0 && Date.now() >= dueAt) {
        const paths = [...pending];
        pending.clear();
        dueAt = Infinity;
        // A folder named by an event was made, removed or renamed: its watcher (if any) watched
        // what was there before. A folder there now is watched before the sync looks inside, so
        // a file saved into it after that look still has its event.
        for (const p of paths) {
          watchers.get(p)?.close();
          watchers.delete(p);
          if (!isEditorsFolder(p) && !OWN_FOLDERS.has(p)) continue;
          const entry = fs.lstatSync(path.join(options.contentDir, p), { throwIfNoEntry: false });
          if (entry?.isDirectory()) watchFolder(p);
        }
        try {
          const report = await importer.syncPaths(paths);
          for (const folder of report.folders) watchFolder(folder);
          if (report.postponed.length > 0) {
            later(report.postponed, report.retryInMs ?? debounceMs);
          }
          if (paths.length > SUSPECT_BURST) walkWanted = true;
          options.onSync?.(report, 'edit');
        } catch (error) {
          // The database or the folder itself failed; the site keeps serving what it has.
          logger.error({ err: error }, 'content sync failed; retrying');
          options.onFailure?.(error);
          later(paths, 1000);
        }
        continue;
      }
      try {
        if (await importer.rankRelated()) continue;
        // Not while a walk is under way: a version's pictures are measured by then.
        if (walk === undefined && (await importer.renderVersions())) continue;
      } catch (error) {
        logger.error({ err: error }, 'ranking related articles or making history pages failed');
        options.onFailure?.(error);
      }
      if (walk === undefined && walkWanted) {
        walkWanted = false;
        walk = importer.startWalk();
        if (!watchers.has('')) watchFolder('');
      }
      if (walk) {
        try {
          if (!(await walk.step())) {
            const done = walk;
            walk = undefined;
            if (done.report.postponed.length > 0) {
              later(done.report.postponed, done.report.retryInMs ?? debounceMs);
            }
            for (const folder of done.report.folders) watchFolder(folder);
            options.onSync?.(done.report, 'walk');
          }
        } catch (error) {
          logger.error({ err: error }, 'walking content/ failed; trying again later');
          options.onFailure?.(error);
          walk = undefined;
          setTimeout(requestWalk, 1000).unref();
        }
        continue;
      }
      // A task asked for while the loop awaited a piece of work found no one to wake.
      if (tasks.length > 0 || closed) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        clearTimeout(timer);
        if (pending.size > 0) timer = setTimeout(resolve, Math.max(0, dueAt - Date.now()));
      });
      wake = undefined;
    }
  };

  const requestWalk = () => {
    walkWanted = true;
    nudge();
  };

  let interval: NodeJS.Timeout | undefined;
  if (options.watch) {
    for (const folder of OWN_FOLDERS) watchFolder(folder);
    for (const folder of listFolders(options.contentDir)) watchFolder(folder);
    interval = setInterval(requestWalk, walkEveryMs);
    interval.unref();
  }
  // After a restart the readers who waited through it are answered first.
  if (options.walkAtStart) setTimeout(requestWalk, START_WALK_DELAY_MS).unref();
  const running = loop();

  return {
    run: (task) =>
      new Promise((resolve, reject) => {
        tasks.push(() => task().then(resolve, reject));
        nudge();
      }),
    requestWalk,
    async close() {
      closed = true;
      clearInterval(interval);
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      nudge();
      await running;
    },
  };
}
