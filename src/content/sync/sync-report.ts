import type { ContentProblem } from '../parse/content-error.js';
import type { FsCounts } from './content-fs.js';

/** What one sync did, in counts and problems: for the log, `npm run import` and the watcher. */
export interface SyncReport {
  added: number;
  updated: number;
  moved: number;
  deleted: number;
  rejected: number;
  unchanged: number;
  /** Files still being written; a later sync picks them up. */
  pending: number;
  /** On a replica: files the ledger does not name yet (as they are now), so not published. */
  waiting: number;
  /** When to look again for the pending files, in milliseconds. */
  retryInMs: number | undefined;
  /** The pending files, as the file system spells them: what to look at again then. */
  postponed: string[];
  /** Problems found in this pass (files already reported and unchanged are not repeated). */
  problems: ContentProblem[];
  /** How many times this sync looked at content/: what the edit cost. */
  looked: FsCounts;
  /** Folders found (as the file system spells them): the watcher watches them. */
  folders: string[];
}

export function createSyncReport(): SyncReport {
  return {
    added: 0,
    updated: 0,
    moved: 0,
    deleted: 0,
    rejected: 0,
    unchanged: 0,
    pending: 0,
    waiting: 0,
    retryInMs: undefined,
    postponed: [],
    problems: [],
    looked: { stat: 0, readdir: 0, read: 0 },
    folders: [],
  };
}

/** `files` not ready to read yet: counted as pending, to be looked at within `retryInMs`. */
/** Files not ready to read yet: counted as pending, to be looked at again within `retryInMs`. */
export function postpone(report: SyncReport, retryInMs: number, paths: readonly string[]): void {
  report.pending += paths.length;
  report.postponed.push(...paths);
  report.retryInMs = Math.min(report.retryInMs ?? Infinity, retryInMs);
}
